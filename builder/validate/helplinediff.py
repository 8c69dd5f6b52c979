"""What changed in the helpline data between two versions: which printed cards to replace.

Each side is a folder of <CC>.toml files (or a project holding packs/helplines) or a git revision
of this checkout. Files are read leniently (raw TOML, no schema), so an old revision written for an
older schema can still be compared. Numbers are compared by what is dialled, not how they are
grouped: "0800 111 0 111" and "0800 1110111" are the same number.
"""

from __future__ import annotations

import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder.base.errors import CareprintError
from builder.base.textfile import read_text as read_source
from builder.model.phones import NumberError, dialable

HELPLINES = Path("packs") / "helplines"


@dataclass(frozen=True)
class ContactLine:
    type: str
    key: str  # what is dialled (tel digits) or the address
    value: str  # as written in the data
    detail: tuple[str, str, str]  # keyword, instruction, area: changing them changes a card

    def __str__(self) -> str:
        keyword, instruction, area = self.detail
        parts = [
            f"{keyword} to" if keyword else "",
            self.value,
            f"({instruction})" if instruction else "",
            f"[{area}]" if area else "",
        ]
        return " ".join([self.type] + [p for p in parts if p])


@dataclass(frozen=True)
class ServiceState:
    name: str
    entries: tuple[ContactLine, ...]
    hours: str
    caution: str  # "withhold", "note" or "" (first-edition files said true for "withhold")


Snapshot = dict[str, dict[str, ServiceState]]


@dataclass(frozen=True)
class Change:
    country: str
    service: str
    name: str
    what: str  # added | removed | changed | hours | caution | service added | service removed
    old: str = ""
    new: str = ""


def _entry(contact: dict[str, Any], country: str) -> ContactLine:
    kind, value = str(contact.get("type", "?")), str(contact.get("value", ""))
    key = value
    if kind in ("phone", "sms", "whatsapp"):
        try:
            key = dialable(value, country, "compared only").tel
        except NumberError:
            key = "".join(ch for ch in value if ch.isdigit() or ch in "*#+")
    detail = (
        str(contact.get("keyword", "")),
        str(contact.get("instruction", "")),
        str(contact.get("area", "")),
    )
    return ContactLine(kind, key, value, detail)


def _hours(service: dict[str, Any]) -> str:
    if service.get("open_24_7"):
        return "24/7"
    ranges = [
        f"{','.join(o.get('days', []))} {o.get('from', '?')}-{o.get('to', '?')}"
        for o in service.get("opening", [])
    ]
    return "; ".join(ranges) or "not confirmed"


def _caution(value: object) -> str:
    """Older files flagged doubt with caution = true, which kept a row off cards: "withhold"."""
    if isinstance(value, bool):
        return "withhold" if value else ""
    return str(value)


CAUTION_WORDS = {
    "withhold": "withheld from cards",
    "note": "printed with a note",
    "": "not flagged",
}


def read_text(text: str, label: str) -> tuple[str, dict[str, ServiceState]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CareprintError(
            "CP3201", f"{label}: cannot compare, TOML syntax error: {exc}"
        ) from None
    country = str(data.get("country", Path(label).stem))
    services = {}
    for service in data.get("services", []):
        entries = tuple(_entry(c, country) for c in service.get("contacts", []))
        services[str(service.get("id", "?"))] = ServiceState(
            str(service.get("name", "")),
            entries,
            _hours(service),
            _caution(service.get("caution", "")),
        )
    return country, services


def read_folder(folder: Path) -> Snapshot:
    if (folder / HELPLINES).is_dir():
        folder = folder / HELPLINES
    snapshot: Snapshot = {}
    for path in sorted(folder.glob("*.toml")):
        country, services = read_text(read_source(path), str(path))
        snapshot[country] = services
    if not snapshot:
        raise CareprintError("CP3202", f"{folder}: no <CC>.toml helpline files to compare")
    return snapshot


def _git(root: Path, *args: str) -> str:
    try:
        result = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, check=False, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise CareprintError("CP3203", f"git {' '.join(args)}: {exc}") from exc
    if result.returncode != 0:
        raise CareprintError("CP3203", f"git {' '.join(args)}: {result.stderr.strip() or 'failed'}")
    return result.stdout


def read_revision(root: Path, revision: str) -> Snapshot:
    """The helpline files as they were at a git revision of the checkout at root."""
    try:
        _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    except CareprintError:
        raise CareprintError(
            "CP3204",
            f'"{revision}" is neither a folder nor a git revision of {root}',
        ) from None
    top = Path(_git(root, "rev-parse", "--show-toplevel").strip())
    prefix = (root.resolve() / HELPLINES).relative_to(top.resolve()).as_posix()
    names = _git(root, "ls-tree", "--name-only", f"{revision}:{prefix}").split()
    snapshot: Snapshot = {}
    for name in sorted(n for n in names if n.endswith(".toml")):
        text = _git(root, "show", f"{revision}:{prefix}/{name}")
        country, services = read_text(text, f"{revision}:{prefix}/{name}")
        snapshot[country] = services
    return snapshot


def read_side(spec: str, root: Path) -> Snapshot:
    path = Path(spec)
    return read_folder(path) if path.is_dir() else read_revision(root, spec)


def _service_changes(country: str, sid: str, old: ServiceState, new: ServiceState) -> list[Change]:
    changes = []
    old_keys = {(e.type, e.key): e for e in old.entries}
    new_keys = {(e.type, e.key): e for e in new.entries}
    removed = [e for k, e in old_keys.items() if k not in new_keys]
    added = [e for k, e in new_keys.items() if k not in old_keys]
    for key in old_keys.keys() & new_keys.keys():
        if old_keys[key].detail != new_keys[key].detail:
            changes.append(
                Change(country, sid, new.name, "changed", str(old_keys[key]), str(new_keys[key]))
            )
    for entry in list(removed):
        partner = next((a for a in added if a.type == entry.type), None)
        if partner is not None:
            removed.remove(entry)
            added.remove(partner)
            changes.append(Change(country, sid, new.name, "changed", str(entry), str(partner)))
    changes += [Change(country, sid, new.name, "removed", str(e)) for e in removed]
    changes += [Change(country, sid, new.name, "added", "", str(e)) for e in added]
    if old.hours != new.hours:
        changes.append(Change(country, sid, new.name, "hours", old.hours, new.hours))
    if old.caution != new.caution:
        changes.append(
            Change(
                country,
                sid,
                new.name,
                "caution",
                CAUTION_WORDS.get(old.caution, old.caution),
                CAUTION_WORDS.get(new.caution, new.caution),
            )
        )
    return changes


def diff(old: Snapshot, new: Snapshot) -> list[Change]:
    changes: list[Change] = []
    for country in sorted(old.keys() | new.keys()):
        before, after = old.get(country, {}), new.get(country, {})
        for sid in before.keys() | after.keys():
            if sid not in after:
                state = before[sid]
                changes.append(
                    Change(
                        country,
                        sid,
                        state.name,
                        "service removed",
                        " · ".join(map(str, state.entries)),
                    )
                )
            elif sid not in before:
                state = after[sid]
                changes.append(
                    Change(
                        country,
                        sid,
                        state.name,
                        "service added",
                        "",
                        " · ".join(map(str, state.entries)),
                    )
                )
            else:
                changes += _service_changes(country, sid, before[sid], after[sid])
    order = {c: i for i, c in enumerate(sorted(old.keys() | new.keys()))}
    return sorted(changes, key=lambda c: (order[c.country], c.service, c.what))


def format_changes(changes: list[Change]) -> list[str]:
    if not changes:
        return ["No helpline changes: printed cards and handouts stay valid."]
    lines: list[str] = []
    current = None
    for change in changes:
        if (change.country, change.service) != current:
            current = (change.country, change.service)
            lines.append(f"{change.country}  {change.service} ({change.name})")
        if change.what in ("changed", "hours", "caution"):
            lines.append(f"    {change.what:16} {change.old} -> {change.new}")
        else:
            lines.append(f"    {change.what:16} {change.old or change.new}")
    countries = sorted({c.country for c in changes})
    lines.append(
        f"{len(changes)} change(s) in {len(countries)} country file(s). Printed cards "
        f"and handouts to replace: {', '.join(countries)}"
    )
    return lines
