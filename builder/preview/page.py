"""The preview's one HTML page: what to fix, what to translate next, and the pages side by side.

Built with html.escape rather than a template: every piece of text on it (a translation, a
file name, an error) is data, and the page must render even when templates/ is what is broken.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError

from builder.i18n.workbench import CARD_PRODUCTS, TIERS, WorkItem

if TYPE_CHECKING:
    from builder.preview.server import DocumentView, State, Workbench

SHOWN_ITEMS = 60  # the worklist is ordered; the first ones are what matter today
TIER_TITLES = {
    "card": "On the wallet card (translate these first)",
    "emergency": "In the emergency modules",
    "rest": "Everything else",
}
STATE_WORDS = {
    "missing": "not translated",
    "fuzzy": "fuzzy (check, then remove the fuzzy flag)",
    "in-language": "already in this language? confirm it",
}

STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2327;background:#f4f5f6}
header{background:#0b4f6c;color:#fff;padding:.6em 1.2em;position:sticky;top:0;z-index:1}
header h1{font-size:1.15em;margin:0}header p{margin:.2em 0 0;font-size:.9em}
main{padding:0 1.2em 2em}section{background:#fff;margin:1em 0;padding:.6em 1em;
border-radius:6px}h2{font-size:1.1em;margin:.3em 0 .5em}h3{font-size:1em;margin:.8em 0 .3em}
.blocking{border-left:6px solid #b3261e}.blocking li,.failed li{color:#8c1d18}
table{border-collapse:collapse;width:100%;font-size:.92em}td,th{text-align:start;
vertical-align:top;padding:.25em .5em;border-bottom:1px solid #e3e5e8}
code{font-size:.9em;white-space:nowrap}.pages{display:grid;grid-template-columns:1fr 1fr;
gap:1em}.pages>div{min-width:0}.pages img{max-width:100%;border:1px solid #c4c8cc;
margin:0 0 .5em;background:#fff;display:block}.status{font-weight:600}
.failed{border-left:6px solid #b3261e}.scroll{max-height:42vh;overflow:auto}
details pre{white-space:pre-wrap;font:inherit;font-size:.85em;background:#f7f7f7;padding:.4em}
"""

SCRIPT = """
const seen = document.body.dataset.version;
const events = new EventSource('/events');
events.onmessage = (e) => { if (e.data !== seen) { events.close(); location.reload(); } };
"""


def language(code: str) -> tuple[str, str]:
    """(English name, direction) of a locale code, plain code if Babel does not know it."""
    try:
        parsed = Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return code, "ltr"
    return parsed.english_name or code, "rtl" if parsed.text_direction == "rtl" else "ltr"


def _list(items: Iterable[str], kind: str = "") -> str:
    rows = "".join(f"<li>{escape(item)}</li>" for item in items)
    return f'<ul class="{kind}">{rows}</ul>' if rows else ""


def _worklist(bench: Workbench, state: State) -> str:
    found = state.worklist
    if found is None:
        waiting = (
            "Shown once the problems above are fixed." if state.blocking else "Working it out…"
        )
        return f"<section><h2>What to translate next</h2><p>{waiting}</p></section>"
    name, direction = language(bench.locale)
    coverage = ", ".join(
        f"{escape(product)} {done}/{total}" for product, (total, done) in found.coverage.items()
    )
    parts = [
        f"<section id=worklist><h2>What to translate next</h2>"
        f"<p>Strings translated, per document: {coverage}. "
        f"{len(found.items)} entr(ies) to do, most urgent first.</p>"
    ]
    shown = found.items[:SHOWN_ITEMS]
    parts.append("<div class=scroll>")
    for tier in TIERS:
        items = [item for item in shown if item.tier == tier]
        if items:
            parts.append(f"<h3>{escape(TIER_TITLES[tier])}</h3>{_items(bench, items, direction)}")
    if len(found.items) > SHOWN_ITEMS:
        parts.append(
            f"<p>…and {len(found.items) - SHOWN_ITEMS} more: "
            f"<code>careprint i18n stats --locale {escape(bench.locale)}</code> counts "
            "them by catalog and product.</p>"
        )
    parts.append("</div>")
    if not found.items:
        parts.append(
            f"<p>Every string these documents print is translated into {escape(name)}.</p>"
        )
    parts.append("</section>")
    if found.findings:
        parts.append(
            "<section id=checks class=failed><h2>Checks of the translations</h2>"
            + _list(p.render(bench.root) for p in found.findings)
            + "</section>"
        )
    return "".join(parts)


def _items(bench: Workbench, items: list[WorkItem], direction: str) -> str:
    rows = []
    for item in items:
        context = f" <small>[{escape(item.context)}]</small>" if item.context else ""
        products = escape(", ".join(item.products) or "not on these documents")
        rows.append(
            f"<tr><td>{escape(item.msgid)}{context}</td>"
            f"<td>{escape(STATE_WORDS[item.state])}</td>"
            f"<td><code>{escape(item.where(bench.root))}</code></td>"
            f"<td>{products}</td></tr>"
        )
    return (
        "<table><tr><th>English</th><th>State</th><th>Where</th><th>Printed on</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def _column(view: DocumentView | None, code: str) -> str:
    name, direction = language(code)
    head = f"<h3>{escape(name)} ({escape(code)})</h3>"
    if view is None:
        return f"<div>{head}<p>Not built yet.</p></div>"
    if view.status in ("failed", "cancelled") or not view.digest:
        return (
            f'<div class="failed">{head}<p class=status>{escape(view.status)}</p>'
            + _list(view.errors)
            + "</div>"
        )
    pages = []
    for number, text in enumerate(view.texts):
        pages.append(
            f'<img src="/page/{view.digest}/{number}.png" loading="lazy" '
            f'alt="page {number + 1}" lang="{escape(code)}">'
            f"<details><summary>Text of page {number + 1}</summary>"
            f'<pre class="page-text" lang="{escape(code)}" dir="{direction}">'
            f"{escape(text)}</pre></details>"
        )
    return f"<div>{head}{''.join(pages)}</div>"


def product_order(products: Iterable[str]) -> list[str]:
    """Cards first (what a family keeps in a wallet), then the rest in pack order."""
    listed = list(dict.fromkeys(products))
    return [p for p in listed if p in CARD_PRODUCTS] + [p for p in listed if p not in CARD_PRODUCTS]


def render_page(bench: Workbench, state: State) -> str:
    name, _ = language(bench.locale)
    status = (
        "building…"
        if state.building
        else f"up to date at {state.built_at} ({state.last_seconds:.1f} s)"
        if state.built_at
        else "starting…"
    )
    parts = [
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>careprint preview: {escape(name)} for {escape(bench.country)}</title>"
        f'<style>{STYLE}</style></head><body data-version="{state.version}">'
        f"<header><h1>careprint preview: {escape(name)} ({escape(bench.locale)}) for "
        f"{escape(bench.country)}, beside English</h1><p id=status>{escape(status)}. "
        "Save a file under locales/, packs/ or templates/ and this page updates itself."
        "</p></header><main>"
    ]
    if state.blocking:
        parts.append(
            "<section id=blocking class=blocking><h2>Fix these files to update the "
            "preview</h2>"
            + (
                "<p>The pages below are from the last build that worked.</p>"
                if state.documents
                else ""
            )
            + _list(state.blocking)
            + "</section>"
        )
    parts.append(_worklist(bench, state))
    products = product_order(p for p, _ in state.documents)
    for product in products:
        translated = state.documents.get((product, bench.locale))
        english = state.documents.get((product, "en"))
        failed = " failed" if translated and translated.status == "failed" else ""
        columns = _column(english, "en") if bench.locale != "en" else ""
        parts.append(
            f'<section id="product-{escape(product)}" class="product{failed}">'
            f"<h2>{escape(product)}</h2><div class=pages>{columns}"
            f"{_column(translated, bench.locale)}</div></section>"
        )
    parts.append(f"</main><script>{SCRIPT}</script></body></html>")
    return "".join(parts)
