"""What the sources can print, extracted once per state of the sources.

Before typesetting, a build compares each locale's catalogs with a fresh extraction of the
sources (templates, modules, pack and helpline data, the builder's own strings) to count what
would print in English. Extracting runs Babel over every one of those files, about 0.1 s per
domain on every run. The build needs only each string's key and where it is written, so that
is kept in the user's cache under a digest of everything extraction reads: the mapping files,
packs/, templates/, the builder's code (which holds the extractors), and the versions of
careprint and Babel. Any edit to those changes the digest and the sources are extracted again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from babel import __version__ as babel_version

from builder import __version__
from builder.base.digests import digest_folder
from builder.base.writer import prune_cache, read_cache, user_cache, write_cache
from builder.model.catalogs import DOMAINS, lookup_key
from builder.model.project import Project

FORMAT = 1  # bump when the cached file's layout changes
KEEP = 20  # cached extractions kept (one per state of the sources seen lately)


@dataclass(frozen=True)
class SourceString:
    """One extracted string: its key, and the first place it is written."""

    context: str | None
    msgid: str
    filename: str
    line: int | None

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.context, self.msgid)


Extracted = dict[str, tuple[SourceString, ...]]


def sources_digest(project: Project) -> str:
    """Everything extraction reads, and the code and library that read it."""
    root = project.root
    # The project's builder/ (ui strings) and the running package (the extractors) are one
    # folder in a checkout: hash it once.
    code = sorted({(root / "builder").resolve(), Path(__file__).resolve().parents[1]})
    parts = [
        f"format {FORMAT}",
        __version__,
        babel_version,
        *(digest_folder(root / "locales" / f"{domain}.cfg") for domain in DOMAINS),
        digest_folder(root / "packs"),
        digest_folder(root / "templates"),
        *(digest_folder(folder) for folder in code),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _extract(project: Project) -> Extracted:
    from builder.i18n.pot import extract  # Babel's extractors: only when the sources changed

    found: Extracted = {}
    for domain in DOMAINS:
        strings = []
        for message in extract(project, domain):
            if not message.id:
                continue
            filename, line = message.locations[0] if message.locations else ("", None)
            context, msgid = lookup_key(domain, message)
            strings.append(SourceString(context, str(msgid), filename, line))
        found[domain] = tuple(strings)
    return found


def _read(data: bytes) -> Extracted | None:
    try:
        raw = json.loads(data)
        return {domain: tuple(SourceString(*row) for row in raw[domain]) for domain in DOMAINS}
    except (ValueError, KeyError, TypeError):
        return None  # a damaged or foreign file: extract again and replace it


def source_strings(project: Project) -> Extracted:
    """Every string the sources can print, per domain, from the cache when the sources match."""
    path = user_cache("source-strings") / f"{sources_digest(project)}.json"
    data = read_cache(path)
    cached = _read(data) if data is not None else None
    if cached is not None:
        return cached
    fresh = _extract(project)
    text = json.dumps(
        {
            domain: [[s.context, s.msgid, s.filename, s.line] for s in strings]
            for domain, strings in fresh.items()
        },
        ensure_ascii=False,
    )
    write_cache(path, text.encode("utf-8"))
    prune_cache(path.parent, KEEP, "*.json")
    return fresh


def source_keys(project: Project) -> dict[str, set[tuple[str | None, str]]]:
    """Every (msgctxt, msgid) the sources can print, per domain."""
    return {domain: {s.key for s in strings} for domain, strings in source_strings(project).items()}
