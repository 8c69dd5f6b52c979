"""Loaded locales kept per state of their files, so an unchanged project loads in a moment.

Reading a locale (catalogs.read_locale) parses three PO files and lints every translation
against its language's safe-messaging rules: about 0.1 s per locale, 3-4 s for the shipped 33,
paid by every build, check and CLI call. What it makes (the catalogs, and every problem it
records, in order) depends only on the bytes of the files it reads, on careprint's code that
reads them (builder/model and builder/base: the layers contract keeps model from importing
anything above it), on the libraries it calls (Babel, markdown-it, pydantic, fontTools) and on
Python's own Unicode and regex tables. The key covers all of them, and the project's root (the
problems name absolute paths).

Two levels: in memory for the life of the process (a second load reads and hashes the files,
nothing more), and a file per locale and key in the user's cache, so the next process reuses
it. A cached problem is recorded again on every load: a build or check reports exactly what a
fresh read would. A cache file that is damaged, foreign or unreadable is ignored and replaced.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import sys
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from builder.base.digests import digest_folder, library_versions
from builder.base.errors import Problem, ProblemList, Severity
from builder.base.textfile import LIMITS
from builder.base.writer import prune_cache, read_cache, user_cache, write_cache
from builder.model.catalogs import Key, LocaleCatalogs, locale_inputs, read_locale

FORMAT = 2  # bump when the cached file's layout changes
KEEP = 4  # cache files kept per locale (one per state of its files seen lately)
IN_MEMORY = 256  # locales kept in memory (33 per state of a project; tests make many projects)

Loaded = tuple[LocaleCatalogs | None, tuple[Problem, ...]]

# Per process, keyed by the digest of everything a load reads: an entry can never be stale,
# and what is handed out is a copy, so one project's use never reaches another's.
_memory: OrderedDict[str, Loaded] = OrderedDict()
_lock = threading.Lock()  # the preview server loads from its own threads


@functools.cache
def code_digest() -> str:
    """careprint's code that reads a locale, and the libraries and Python it runs on."""
    package = Path(__file__).resolve().parents[1]  # builder/
    parts = [
        digest_folder(package / "__init__.py"),
        digest_folder(package / "base"),
        digest_folder(package / "model"),
        *library_versions(),
        sys.version,
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _file_digest(path: Path) -> str | None:
    """The file's bytes as a digest, "absent" when nothing is there, or None when it is not a
    plain readable file of a catalog's size: then the locale is read without the cache, which
    reports the problem as it always has."""
    try:
        if not path.exists() and not path.is_symlink():
            return "absent"
        if not path.is_file() or path.stat().st_size > LIMITS["catalog"]:
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def locale_key(root: Path, locale: str) -> str | None:
    """The digest of everything reading locale depends on; None if it cannot be taken."""
    h = hashlib.sha256(f"{FORMAT}\0{code_digest()}\0{root}\0{locale}\0".encode())
    for path in locale_inputs(root, locale):
        digest = _file_digest(path)
        if digest is None:
            return None
        h.update(f"{path.relative_to(root).as_posix()}\0{digest}\0".encode())
    return h.hexdigest()


def load_locale(root: Path, locale: str, problems: ProblemList) -> LocaleCatalogs | None:
    """read_locale, from the cache when nothing it reads has changed; the problems it recorded
    are recorded again, in the same order."""
    key = locale_key(root, locale)
    if key is None:
        return read_locale(root, locale, problems)
    with _lock:
        if (loaded := _memory.get(key)) is not None:
            _memory.move_to_end(key)  # kept longest: the locales in use
    path = user_cache("locales") / f"{locale}-{key}.json"
    if loaded is None:
        data = read_cache(path)
        loaded = _decode(data) if data is not None else None
        if loaded is None:
            found = ProblemList()
            loaded = (read_locale(root, locale, found), tuple(found.items))
            if locale_key(root, locale) != key:  # a file changed while it was read
                problems.extend(list(loaded[1]))
                return loaded[0]
            write_cache(path, _encode(loaded))
            prune_cache(path.parent, KEEP, f"{locale}-*.json")
        _remember(key, loaded)
    catalogs, found_before = loaded
    problems.extend(list(found_before))
    return _copy(catalogs) if catalogs is not None else None


def forget() -> None:
    """Drop what this process keeps in memory (the files in the user's cache stay)."""
    with _lock:
        _memory.clear()


def _remember(key: str, loaded: Loaded) -> None:
    with _lock:
        _memory[key] = loaded
        _memory.move_to_end(key)
        while len(_memory) > IN_MEMORY:
            _memory.popitem(last=False)


def _copy(catalogs: LocaleCatalogs) -> LocaleCatalogs:
    """Fresh dictionaries around the shared (immutable) strings and paths."""
    fresh: dict[str, Any] = {
        f.name: dict(value)
        for f in dataclasses.fields(catalogs)
        if isinstance(value := getattr(catalogs, f.name), dict)
    }
    return dataclasses.replace(catalogs, **fresh)


def _where(value: tuple[Path, int | None]) -> list[Any]:
    return [str(value[0]), value[1]]


def _encode(loaded: Loaded) -> bytes:
    catalogs, problems = loaded
    body: dict[str, Any] = {
        "problems": [
            [p.code, p.message, None if p.file is None else str(p.file), p.line, p.fix, p.severity]
            for p in problems
        ],
        "catalogs": None,
    }
    if catalogs is not None:
        body["catalogs"] = {
            "locale": catalogs.locale,
            "status": catalogs.status,
            "credit": catalogs.credit,
            "ui": catalogs.ui,
            "content": [[*key, text] for key, text in catalogs.content.items()],
            "helplines": [[*key, text] for key, text in catalogs.helplines.items()],
            "untranslated": [[*key, *_where(w)] for key, w in catalogs.untranslated.items()],
            "paths": {domain: str(path) for domain, path in catalogs.paths.items()},
            "written": [[text, *_where(w)] for text, w in catalogs.written.items()],
            "no_rules": catalogs.no_rules,
        }
    payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload


def _decode(data: bytes) -> Loaded | None:
    """What _encode wrote, or None for a file that is damaged (its checksum fails) or is not
    what this code writes."""
    digest, _, payload = data.partition(b"\n")
    if hashlib.sha256(payload).hexdigest().encode() != digest:
        return None
    known: dict[str, Path] = {}  # a locale's entries name its three catalogs: one Path each

    def path(text: str) -> Path:
        if (found := known.get(text)) is None:
            found = known[text] = Path(text)
        return found

    try:
        body = json.loads(payload)
        problems = tuple(
            Problem(
                code, message, None if file is None else path(file), line, fix, Severity(severity)
            )
            for code, message, file, line, fix, severity in body["problems"]
        )
        raw = body["catalogs"]
        if raw is None:
            return None, problems

        def keyed(rows: list[list[Any]]) -> dict[Key, str]:
            return {(context, msgid): text for context, msgid, text in rows}

        catalogs = LocaleCatalogs(
            raw["locale"],
            raw["status"],
            raw["credit"],
            ui=dict(raw["ui"]),
            content=keyed(raw["content"]),
            helplines=keyed(raw["helplines"]),
            untranslated={
                (context, msgid): (path(file), line)
                for context, msgid, file, line in raw["untranslated"]
            },
            paths={domain: path(name) for domain, name in raw["paths"].items()},
            written={text: (path(file), line) for text, file, line in raw["written"]},
            no_rules=bool(raw["no_rules"]),
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return catalogs, problems
