"""Inputs keys: one digest per document over everything that can change its bytes.

A document is rebuilt only when its key changes, so the key must cover every input: the pack
folder (modules, card and plan text), the country's helpline file, the locale's catalogs, all
templates and CSS, the fonts (careprint's own and the system's, which fill in missing scripts),
careprint's code, the versions of every library it runs on, and the build options. Keys hash
file contents, not times, so a checkout or a `touch` alone rebuilds nothing. Each shared part is
hashed once per run; per document only the parts differ.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path

from builder import __version__
from builder.base.digests import digest_folder, digest_top_level, library_versions, system_fonts
from builder.model.freshness import Dating
from builder.model.project import Project
from builder.plan.jobs import DocumentJob
from builder.plan.pairs import locale_parts
from builder.plan.request import BuildRequest
from builder.typeset.fonts import font_faces

# Request fields that choose documents rather than shape them, or that each job's key already
# carries resolved: paper per country, duplex, and the build date, which shapes a document only
# through the age of its country's rows (so a re-run tomorrow rebuilds nothing unless a row
# crosses an age limit, and then only that country).
SELECTION_FIELDS = {
    "root",
    "out",
    "packs",
    "countries",
    "locales",
    "products",
    "paper",
    "duplex",
    "today",
}
# Templates used only for the browsable catalogue, never inside a PDF.
CATALOGUE_DIR = "catalogue"
# Sub-packages of builder/ that never shape a PDF's bytes: the command line, translation upkeep,
# the output folder's bookkeeping (manifest, shards, catalogue page) and the preview server.
# Editing them rebuilds nothing; every other package, and pipeline.py, counts (see
# tests/test_cache.py, which checks that nothing typesetting imports is listed here).
OUTPUT_NEUTRAL = ("cli", "i18n", "output", "preview")


def _option_value(value: object, out: Path | None = None) -> object:
    if isinstance(value, Path):
        return {"path-contents": digest_folder(value, _out_within(value, out))}
    if isinstance(value, list | tuple):
        return [_option_value(v, out) for v in value]
    return repr(value)


def _out_within(folder: Path, out: Path | None) -> tuple[str, ...]:
    """The top-level name in folder that holds the output folder, if out is inside it: a
    clinic building from its own folder (--overlay . --out out) must not hash its own PDFs,
    or every run would rebuild everything."""
    if out is None or not folder.is_dir():
        return ()
    where, base = out.resolve(), folder.resolve()
    return where.relative_to(base).parts[:1] if where.is_relative_to(base) else ()


def options_digest(request: BuildRequest) -> dict[str, object]:
    """Every request field that shapes documents, including ones added after this was written.

    A field holding a path (an overlay folder, a logo) counts by the contents found there,
    but for the output folder where it lies inside.
    """
    return {
        f.name: _option_value(getattr(request, f.name), request.out)
        for f in dataclasses.fields(request)
        if f.name not in SELECTION_FIELDS
    }


class InputsKeys:
    """Computes each document's key; shared digests are taken once per run."""

    def __init__(
        self, project: Project, request: BuildRequest, dating: Mapping[str, Dating] | None = None
    ):
        self.project = project
        self.dating = dating or {}
        code = Path(__file__).resolve().parents[1]  # builder/
        self.shared = {
            "careprint": __version__,
            "code": digest_folder(code, skip=OUTPUT_NEUTRAL),
            "libraries": library_versions(),
            "fonts": [f"{face.family}:{digest_folder(face.path)}" for face in font_faces()],
            "system-fonts": system_fonts(),
            "templates": digest_folder(project.templates, skip=[CATALOGUE_DIR]),
            "shared-data": [
                digest_top_level(project.root / "packs"),
                digest_top_level(project.root / "locales"),
            ],
            "options": options_digest(request),
            "source-date-epoch": os.environ.get("SOURCE_DATE_EPOCH", ""),
        }
        encoded = json.dumps(self.shared, sort_keys=True, default=str).encode()
        self.shared_digest = hashlib.sha256(encoded).hexdigest()
        self._parts: dict[tuple[str, str], str] = {}

    def _part(self, kind: str, name: str, path: Path) -> str:
        if (kind, name) not in self._parts:
            self._parts[kind, name] = digest_folder(path)
        return self._parts[kind, name]

    def _locale(self, locale: str) -> list[str]:
        folder = self.project.root / "locales"
        names = sorted(
            {name for part in locale_parts(locale) for name in (part, part.split("_")[0])}
        )
        return [self._part("locale", name, folder / name) for name in names]

    def _ages(self, job: DocumentJob) -> list[str]:
        """How old each of the country's rows counts as on the build date (marks, warnings)."""
        dating = self.dating.get(job.pack)
        if dating is None:
            return []
        services = self.project.helplines[job.country].services
        return [repr(dating.limits), str(dating.allow_stale)] + [
            f"{s.id}:{dating.limits.age(s.checked, dating.today).name}" for s in services
        ]

    def key(self, job: DocumentJob) -> str:
        pack = self.project.packs[job.pack]
        helplines = self.project.helplines[job.country].path
        assert helplines is not None, "loaded helplines always know their file"
        document = {
            "shared": self.shared_digest,
            "job": [job.label, job.paper.name, job.paper.width, job.paper.height, job.duplex],
            "pack": self._part("pack", job.pack, pack.folder),
            "helplines": self._part("helplines", job.country, helplines),
            "locale": self._locale(job.locale),
            "ages": self._ages(job),
        }
        encoded = json.dumps(document, sort_keys=True, default=str).encode()
        return hashlib.sha256(encoded).hexdigest()
