"""Replaced and closed numbers (packs/retired-numbers.toml), refused wherever careprint prints.

A number is matched by how it is dialled in its country, so "1-800-273-8255", "1 800 273 8255"
and "+1 800 273 8255" are all the same retired US Lifeline number.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import Field

from builder.base.errors import ProblemList
from builder.base.tomlsource import read_model
from builder.model.phones import Dialable, NumberError, dialable
from builder.model.strict import Strict

FILE = Path("packs") / "retired-numbers.toml"


class RetiredNumber(Strict):
    country: str = Field(min_length=2, max_length=2)
    number: str = Field(min_length=1)
    replaced_by: str = Field(min_length=1)
    source: str = Field(min_length=1)


class RetiredFile(Strict):
    retired: list[RetiredNumber] = Field(min_length=1)


def _keys(value: str, country: str) -> set[str]:
    keys = {re.sub(r"\D", "", value)}
    with contextlib.suppress(NumberError):
        keys.add(dialable(value, country, "retired").tel.lstrip("+"))
    return keys - {""}


@dataclass(frozen=True)
class RetiredNumbers:
    by_country: dict[str, list[tuple[set[str], RetiredNumber]]] = field(default_factory=dict)

    def find(self, dial: Dialable, written: str, country: str) -> RetiredNumber | None:
        """The retired entry this number is, if any."""
        mine = {dial.tel.lstrip("+"), re.sub(r"\D", "", written)} - {""}
        for keys, entry in self.by_country.get(country, []):
            if keys & mine:
                return entry
        return None


def load_retired(root: Path, problems: ProblemList) -> RetiredNumbers:
    model, _ = read_model(
        RetiredFile,
        root / FILE,
        problems,
        missing="the list of retired numbers is missing",
        fix="restore packs/retired-numbers.toml from the repository",
    )
    found: dict[str, list[tuple[set[str], RetiredNumber]]] = {}
    for entry in model.retired if model else []:
        found.setdefault(entry.country, []).append((_keys(entry.number, entry.country), entry))
    return RetiredNumbers(found)
