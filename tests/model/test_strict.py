"""One strict base for every data-file model, and one cache helper that never fails a build."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pydantic
import pytest

import builder
from builder.base.writer import read_cache, write_cache
from builder.model.strict import Strict

# Not read from a data file a person writes: the manifest's outer object is rebuilt in place.
NOT_STRICT = {"builder.output.manifest.ManifestFile"}


def models() -> list[type[pydantic.BaseModel]]:
    for info in pkgutil.walk_packages(builder.__path__, "builder."):
        importlib.import_module(info.name)
    found, todo = [], [pydantic.BaseModel]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("builder.") and sub is not Strict:
                found.append(sub)
    return found


def test_every_model_is_strict() -> None:
    loose = [
        f"{m.__module__}.{m.__qualname__}"
        for m in models()
        if not issubclass(m, Strict) and f"{m.__module__}.{m.__qualname__}" not in NOT_STRICT
    ]
    assert not loose, f"derive these from builder.model.strict.Strict: {loose}"


class Sample(Strict):
    name: str
    path: Path | None = pydantic.Field(default=None, exclude=True)


def test_strict_refuses_unknown_and_loader_keys() -> None:
    with pytest.raises(pydantic.ValidationError, match="Extra inputs"):
        Sample.model_validate({"name": "a", "nmae": "b"})
    with pytest.raises(pydantic.ValidationError, match='"path" is not a key for data files'):
        Sample.model_validate({"name": "a", "path": "/etc"})
    with pytest.raises(pydantic.ValidationError, match="frozen"):
        Sample(name="a").name = "b"  # type: ignore[misc]


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    write_cache(blocked / "inside" / "x.json", b"{}")  # a file where the folder should be
    assert read_cache(blocked / "inside" / "x.json") is None
    write_cache(tmp_path / "ok" / "x.json", b"{}")
    assert read_cache(tmp_path / "ok" / "x.json") == b"{}"
