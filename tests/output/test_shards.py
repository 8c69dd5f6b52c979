"""--shard K/N splits a batch deterministically; manifest merge joins the pieces safely."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from builder import pipeline
from builder.base.errors import CareprintError, InputError, ProblemList
from builder.output.shards import Shard, merge_manifests, parse_shard
from builder.plan.request import BuildRequest
from builder.run.batch import BatchOptions, plan_tasks

from ..conftest import MiniProject


def build(mini: MiniProject, out: Path, shard: Shard | None = None) -> set[str]:
    report = pipeline.build(
        BuildRequest(root=mini.root, out=out, products=["card-sheet"]),
        BatchOptions(jobs=1, shard=shard),
    )
    assert report.ok
    return {f.path for f in report.built}


def documents(folder: Path) -> dict[str, dict[str, object]]:
    return json.loads((folder / "manifest.json").read_text())["documents"]  # type: ignore[no-any-return]


def test_parse_shard_accepts_k_of_n_and_explains_mistakes() -> None:
    assert parse_shard("2/3") == Shard(2, 3)
    for bad, code in (("3", "CP5013"), ("a/b", "CP5013"), ("0/3", "CP5014"), ("4/3", "CP5014")):
        with pytest.raises(CareprintError, match=r"K/N|between 1 and N") as caught:
            parse_shard(bad)
        assert caught.value.code == code
    with pytest.raises(CareprintError) as caught:
        parse_shard("1/0")
    assert caught.value.code == "CP5014"


def test_shards_partition_the_plan(mini: MiniProject) -> None:
    for extra in ("alpha", "beta", "gamma"):
        mini.copy_pack(extra)
    request = BuildRequest(root=mini.root, out=mini.root / "out")
    prepared = pipeline.prepare(request, ProblemList())
    everything = plan_tasks(request, BatchOptions(), prepared)
    parts = [plan_tasks(request, BatchOptions(shard=Shard(k, 3)), prepared) for k in (1, 2, 3)]
    paths = [{t.path for t in part} for part in parts]
    assert set().union(*paths) == {t.path for t in everything} and len(everything) == 16
    assert sum(len(p) for p in paths) == 16  # no document in two shards
    assert all(paths)  # each shard has work


def test_three_shards_merged_equal_the_unsharded_build(mini: MiniProject, tmp_path: Path) -> None:
    mini.copy_pack("alpha")
    whole = build(mini, tmp_path / "whole")
    shards = [tmp_path / f"shard-{k}" for k in (1, 2, 3)]
    built = [build(mini, folder, Shard(k, 3)) for k, folder in enumerate(shards, 1)]
    assert set().union(*built) == whole and sum(map(len, built)) == len(whole) == 4
    result = merge_manifests(shards, tmp_path / "merged")
    merged = documents(tmp_path / "merged")
    assert merged == documents(tmp_path / "whole")
    assert result.copied == 4
    for path, entry in merged.items():
        assert (tmp_path / "merged" / path).read_bytes() == (tmp_path / "whole" / path).read_bytes()
        assert (tmp_path / "merged" / str(entry["thumbnail"])).is_file()


def test_merge_refuses_damaged_or_conflicting_shards(mini: MiniProject, tmp_path: Path) -> None:
    build(mini, tmp_path / "a", Shard(1, 1))
    path = mini.helplines / "GB.toml"
    path.write_text(path.read_text().replace("2026-11-01", "2026-11-05"))  # other inputs
    build(mini, tmp_path / "b", Shard(1, 1))
    (tmp_path / "b" / "mini/US/en/card-sheet.pdf").write_bytes(b"%PDF-1.7 cut short")
    with pytest.raises(InputError) as caught:
        merge_manifests([tmp_path / "a", tmp_path / "b"], tmp_path / "merged")
    text = str(caught.value)
    assert "US/en/card-sheet.pdf does not match its SHA-256" in text
    assert "GB/en/card-sheet.pdf is in two manifests with different contents" in text
    assert not (tmp_path / "merged").exists()


def test_merge_names_the_line_of_a_broken_manifest(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text('{\n "format": 1,\n "documents": {,}\n}\n')
    with pytest.raises(InputError) as caught:
        merge_manifests([tmp_path], tmp_path / "merged")
    problem = caught.value.problems()[0]
    assert problem.line == 3 and problem.code == "CP1601"
