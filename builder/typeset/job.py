"""Typeset one planned document: render, check fonts, lay out (fitting fixed boxes), check.

This is the part of the pipeline that needs WeasyPrint. It lives apart from planning so that
runs with nothing to typeset (`check`, a no-op rebuild) never import it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import weasyprint
from jinja2 import Environment, TemplateError

from builder.base.errors import ProblemList
from builder.base.textfile import UnreadableFile, read_text
from builder.model.freshness import Dating
from builder.model.helplines import CountryHelplines
from builder.model.overlay import FILE, Overlay
from builder.model.project import Project, translator_for
from builder.model.translations import Translator
from builder.plan.jobs import DocumentJob
from builder.plan.pairs import CARD_PRODUCTS, is_pair, locale_parts
from builder.render.boxspec import Overflow, box_text, printed_text
from builder.render.document import Rendered, render_document
from builder.render.page import ProductPage
from builder.render.templating import make_environment, template_dirs, template_problem
from builder.typeset.booklet import impose
from builder.typeset.fitting import (
    FLOOR_PT,
    Fitted,
    FoundSizes,
    Layout,
    fit,
    floor_for,
    group_floors,
    page_key,
)
from builder.typeset.fonts import (
    DEFAULT_CJK_FORMS,
    cjk_forms,
    font_face_css,
    missing_characters,
)
from builder.typeset.layoutfaults import overlapping_text, page_faults, text_off_the_page
from builder.typeset.stylecheck import STYLESHEET_FIX, asset_folders
from builder.typeset.weasy import TypesetError, Typesetter

# No product comes near this; a document that does was fed something it should not print.
MAX_PAGES = 40


@dataclass
class Tools:
    """What one process keeps across documents of one project (and overlay): fonts and parsed
    CSS (in the Typesetter), compiled templates, and the card sizes found so far."""

    project: Project
    overlay: Overlay | None
    typesetter: Typesetter
    env: Environment
    sizes: FoundSizes = field(default_factory=FoundSizes)
    _sheets: dict[tuple[str, ...], list[weasyprint.CSS]] = field(default_factory=dict, repr=False)

    def stylesheets(
        self, names: Sequence[str], forms: str = DEFAULT_CJK_FORMS
    ) -> list[weasyprint.CSS]:
        """The font rules (Han characters in `forms`), then the named stylesheets (a clinic's
        own copy wins); read and parsed once per process, not per layout."""
        key = (forms, *names)
        if key not in self._sheets:
            fonts = font_face_css(forms)
            sheets = [self.typesetter.stylesheet(f"fonts-{forms}", fonts, self.project.css)]
            for name in names:
                path = self.project.css / name
                own = self.overlay.templates / "css" / name if self.overlay else None
                if own is not None and (own.exists() or own.is_symlink()):
                    if not own.resolve().is_relative_to(own.parent.resolve()):
                        raise TypesetError(
                            "CP6006",
                            f"stylesheet {own} is a link to {own.resolve()}, "
                            "outside the overlay folder",
                        )
                    path = own
                text = read_text(path, "stylesheet")
                sheets.append(self.typesetter.stylesheet(name, text, path.parent, str(path)))
            self._sheets[key] = sheets
        return self._sheets[key]

    def layout_for(self, rendered: Rendered) -> Layout:
        """Lay rendered out at given font sizes."""
        context = rendered.context
        sheets = self.stylesheets(
            rendered.stylesheets, cjk_forms(context["lang"], context["country"])
        )

        def layout(font_pt: Mapping[str, float]) -> tuple[weasyprint.Document, list[str]]:
            return self.typesetter.layout(rendered.html_at(font_pt), self.project.templates, sheets)

        return layout

    def fit(self, rendered: Rendered) -> Fitted:
        """Lay out with fixed boxes fitted: sizes searched for on the probe (or found before
        for the same page), then this page laid out, checked and stepped down if need be."""
        page, probe = rendered.page, rendered.probe
        key, floor, floors = (
            self._probe_key(rendered),
            floor_for(rendered.context),
            floors_of(rendered),
        )
        # Sizes found for the same page may come from a version allowed a lower floor
        # (at_card_floor): never start this one below its own.
        start = {
            group: max(size, floors.get(group, floor))
            for group, size in self._starting(rendered).items()
        }
        fitted = fit(self.layout_for(rendered), page.checks, start, floor, floors)
        if probe is None:
            self.sizes.remember(key, fitted)
        return fitted

    def probe_overflows(self, rendered: Rendered) -> bool:
        """Whether the page's probe (one card of a sheet) overflows even at the page's floor:
        then so does the page, and a version to be tried again at a lower floor need not be
        laid out whole (a sheet is ten cards)."""
        if rendered.probe is None:
            return False
        self._starting(rendered)
        return self.sizes.overflows(self._probe_key(rendered), floor_level(rendered.probe))

    def _probe_key(self, rendered: Rendered) -> str:
        target = rendered.probe or rendered
        return page_key(target.html, target.stylesheets)

    def _starting(self, rendered: Rendered) -> dict[str, float]:
        """The sizes to start the page at: searched for on its probe (or found before for
        the same page)."""
        probe, floor = rendered.probe, floor_for(rendered.context)
        search = (
            None
            if probe is None
            else lambda start: fit(
                self.layout_for(probe), probe.page.checks, start, floor, floors_of(probe)
            )
        )
        level = floor_level(probe or rendered)
        return self.sizes.starting(self._probe_key(rendered), rendered.page.font_pt, level, search)


def floor_level(rendered: Rendered) -> float:
    """The highest floor of any font group of a page: what a search of its sizes stopped at
    (fitting.FoundSizes), lower for a version let go below its script's (at_card_floor)."""
    return max(floors_of(rendered).values(), default=floor_for(rendered.context))


def floors_of(rendered: Rendered) -> dict[str, float]:
    """The floor of each font group of a page: its language's, or Arabic script's where the
    group prints text in it (fitting.group_floors)."""
    return group_floors(rendered.context, rendered.html, rendered.page.checks)


def typesetting_tools(project: Project, overlay: Overlay | None) -> Tools:
    """One per process: the Typesetter caches fonts and parsed CSS across documents."""
    # WeasyPrint may read the project's templates, the fonts and the overlay folder, no more.
    typesetter = Typesetter(asset_folders(project, overlay))
    return Tools(project, overlay, typesetter, make_environment(template_dirs(project, overlay)))


def _clinic_source(overlay: Overlay | None, text: str) -> tuple[Path, int | None, str] | None:
    """careprint.toml, the line and a fix, when the text a check names is the clinic's own."""
    found = overlay.printed_in(text) if overlay is not None else None
    if overlay is None or found is None:
        return None
    key, line = found
    return overlay.path, line, f"shorten the clinic's {key} in {FILE}"


def _overflow_problem(
    job: DocumentJob,
    overflow: Overflow,
    problems: ProblemList,
    floor_pt: float,
    project: Project | None = None,
    overlay: Overlay | None = None,
    html: str = "",
) -> None:
    """Name the text that does not fit and where it comes from: for a translation its PO
    file and line, for a clinic's name or hours its careprint.toml and line. The text named
    is only the first that spilled over on a card or quick-guide side: where the clinic's own
    words print on the same side (`html`, the page's), the fix names them too, since a long
    hours note pushes the draft notice off as surely as a long translation does."""
    text = f'; the text that does not fit is "{overflow.text}"' if overflow.text else ""
    where = f"{job.product} for {job.country} in locale {job.locale}"
    catalogs = project.catalogs.get(job.locale) if project is not None else None
    entry = catalogs.entry_of(overflow.text) if catalogs is not None else None
    path, line = entry if entry is not None else (None, None)
    fix = "shorten this translation" if entry else "shorten the text for this box"
    side = box_text(html, overflow.check) if html and overlay is not None else ""
    sharing = overlay.printed_within(side) if overlay is not None and side else []
    if entry and overflow.check.group:
        fix = "shorten this translation, or other text on the same side"
        if overlay is not None and sharing:
            named = " or ".join(f"{key} (line {at})" if at else key for key, at in sharing)
            fix = (
                f"shorten the clinic's {named} in {overlay.path}, which print on the same "
                "side, or this translation"
            )
    if overflow.check.group and not entry:
        fix = "shorten this text (in card.toml, its translation, or the helpline's name)"
        if overlay is not None:
            fix = fix.removesuffix(")") + f", or the clinic's name and hours in {overlay.path})"
    if not entry and (clinic := _clinic_source(overlay, overflow.text)) is not None:
        path, line, fix = clinic
    if is_pair(job.locale) and job.product in CARD_PRODUCTS:
        # Every fallback of a bilingual card was tried (typeset/paircard.py).
        first, second = locale_parts(job.locale)
        fix += (
            "; or print each language on its own card: build with --locale "
            f"{first} and again with --locale {second} (without --with)"
        )
    if overflow.check.group:
        problems.error(
            "CP6101",
            f"{job.label}: {overflow.check.label} does not fit even at "
            f"{floor_pt:g} pt ({where}){text}",
            path,
            line,
            fix=fix,
        )
    else:
        problems.error(
            "CP6102",
            f"{job.label}: text does not fit in {overflow.check.label} ({where}){text}",
            path,
            line,
            fix=fix,
        )


def render_checked(
    job: DocumentJob,
    tools: Tools,
    tr: Translator,
    dating: Dating,
    problems: ProblemList,
    label: str | None = None,
) -> Rendered | None:
    """Render one document (in one language) and check its fonts cover every character;
    problems name `label` (a bilingual card's, for each of its languages), else the job's."""
    label = label or job.label
    country = tools.project.helplines[job.country]
    try:
        rendered = render_document(
            tools.env, job, tools.project.packs[job.pack], country, tr, dating, tools.overlay
        )
        html = rendered.html
    except TemplateError as exc:
        problems.add(template_problem(exc))
        return None
    _warn_left_off(label, rendered.warnings, country, problems)
    missing = missing_characters(printed_text(html))
    if missing:
        shown = ", ".join(f"{c} (U+{ord(c):04X})" for c in missing[:12])
        problems.error(
            "CP6104",
            f"{label}: no font covers these characters: {shown}",
            fix="remove them from the text, or add a font that covers them to builder/fonts.py",
        )
        return None
    return rendered


# What to do about a problem that stops a layout. A stylesheet's error once read "only files
# inside the project can be used", which sent a clinic with a mistyped colour looking for a
# file it had put in the wrong place.
LAYOUT_FIXES = {
    "CP6003": "only files inside the project can be used",
    "CP6006": "only files inside the project can be used",
    "CP6112": STYLESHEET_FIX,
}


def write_fix(message: str) -> str:
    """What to do about what stopped WeasyPrint writing a PDF: an image it cannot draw (a
    logo careprint's checks let through) is not a missing glyph."""
    if "image" in message.lower():
        return (
            "an image could not be drawn: check it with careprint check (--overlay FOLDER "
            "for a clinic's logo) and save it again as an 8-bit PNG or an SVG"
        )
    return "a missing glyph needs a font that covers those characters"


def fit_checked(
    job: DocumentJob, tools: Tools, rendered: Rendered, problems: ProblemList
) -> Fitted | None:
    """Lay out (fitting fixed boxes); what stops the layout is recorded, not raised."""
    try:
        return tools.fit(rendered)
    except TypesetError as exc:
        problems.error(
            exc.code, f"{job.label}: {exc}", fix=LAYOUT_FIXES.get(exc.code, LAYOUT_FIXES["CP6003"])
        )
    except TemplateError as exc:
        problems.add(template_problem(exc))
    except UnreadableFile as exc:
        problems.add(exc.problem)
    return None


def fits(fitted: Fitted, page: ProductPage) -> bool:
    """No box overflows (even at the smallest type) and the pages are within the product's."""
    return not fitted.overflow and (
        page.max_pages is None or len(fitted.document.pages) <= page.max_pages
    )


def shortest_needed(
    job: DocumentJob,
    tools: Tools,
    rendered: Rendered,
    fitted: Fitted,
    problems: ProblemList,
    versions: Sequence[Rendered] | None = None,
    fullest_on_failure: bool = False,
) -> tuple[Rendered, Fitted] | None:
    """The document, or the first of its shorter versions (`versions`, default its own) that
    fits, with its layout; if none does, the one whose faults layout_failed then reports: the
    last one tried (what does not fit even with one line fewer), or with `fullest_on_failure`
    the document itself, laid out at the lowest floor tried (a bilingual card's last version
    may fail on the back, by the date it moved there, while what does not fit is the front).
    None when a layout could not be made (recorded in problems).

    Last of all, where a card's or quick guide's script asks for a floor above the 7 pt of any
    text (Arabic script's 7.5 pt, render/scripts.py) and no version fits there: the same
    versions down to 7 pt. A card its reader can read beats none; below_floor says so."""
    tried = list(rendered.shorter if versions is None else versions)
    lower = (
        [at_card_floor(version) for version in [rendered, *tried]]
        if max(floors_of(rendered).values(), default=FLOOR_PT) > FLOOR_PT
        else []
    )
    fullest = rendered, fitted
    for number, shorter in enumerate([*tried, *lower]):
        if fits(fitted, rendered.page):
            return rendered, fitted
        # Not laid out whole at the higher floor when one card of it overflows there: it is
        # tried again lower, and each sheet layout costs about a second (AR fa+en).
        if lower and number < len(tried) and _probe_overflows(tools, shorter):
            continue
        # The same document made shorter (closer ruled lines, one line fewer on a card).
        if (found := fit_checked(job, tools, shorter, problems)) is None:
            return None
        rendered, fitted = shorter, found
        if lower and shorter is lower[0]:
            fullest = rendered, fitted
    if fits(fitted, rendered.page) or not fullest_on_failure:
        return rendered, fitted
    return fullest


def _probe_overflows(tools: Tools, rendered: Rendered) -> bool:
    try:
        return tools.probe_overflows(rendered)
    except (TypesetError, TemplateError, UnreadableFile):
        return False  # laid out whole next, by fit_checked, which records why it cannot be


def at_card_floor(rendered: Rendered) -> Rendered:
    """The card (or quick guide) allowed down to the floor of any text (fitting.FLOOR_PT),
    below the higher floor its script asks for (in either language of a pair)."""
    second = rendered.context.get("second")
    extra = {"second": second | {"floor_pt": None}} if second else {}
    return rendered.with_context(floor_pt=None, text_floors=False, **extra)


# How to print larger a one-language card or quick guide set below its floor (CP6115).
BELOW_FLOOR_FIX = (
    "shorten the {name}'s longest texts (their translation in {toml}'s catalog, or the "
    "helplines' names{clinic}) to print it at the floor"
)


def printed_as(job: DocumentJob) -> str:
    """What a document with a floor is called in a message: a card or the quick guide."""
    return "quick guide" if job.product == "quick-guide" else "card"


def below_floor(
    job: DocumentJob,
    first: Rendered,
    printed: Rendered,
    fitted: Fitted,
    problems: ProblemList,
    fix: str,
) -> None:
    """Warn (CP6115; --strict refuses it) when the card or quick guide printed is set below
    the floor its script asks for, once it is known to print."""
    floors = floors_of(first)
    below = {
        group: size
        for group, size in fitted.font_pt.items()
        if size < floors.get(group, FLOOR_PT) - 0.001
    }
    if below and not fitted.overflow:
        floor = max(floors[group] for group in below)
        # A face held to the floor by its own text (a clinic's Arabic name on an English
        # card's back), not by the card's language, is named.
        raised = [group for group in below if floors[group] > floor_for(first.context)]
        which = f"its {' and '.join(raised)} (with text in Arabic script) " if raised else ""
        problems.warn(
            "CP6115",
            f"{job.label}: {which}set at {min(below.values()):g} pt, below the {floor:g} pt "
            f"floor for Arabic script, so the {printed_as(job)} prints",
            fix=fix,
        )


def left_out(
    job: DocumentJob, tools: Tools, first: Rendered, printed: Rendered, problems: ProblemList
) -> None:
    """Warn what the printed version leaves out that the first did not (a card's second line
    to talk); only once it is known to print, so a failed build never claims it fits. The
    first's warnings the printed version does not carry are taken back: they describe a card
    that did not print ("it shows ... friend, friend2" where friend2 was left off)."""
    problems.withdraw(
        "CP6103", {f"{job.label}: {w}" for w in first.warnings if w not in printed.warnings}
    )
    _warn_left_off(
        job.label,
        [w for w in printed.warnings if w not in first.warnings],
        tools.project.helplines[job.country],
        problems,
    )


def _warn_left_off(
    label: str, warnings: Sequence[str], country: CountryHelplines, problems: ProblemList
) -> None:
    """What a document leaves off (a crisis line, a card's second line to talk), each a
    warning (CP6103) against the country's helpline file, where those rows are."""
    for warning in warnings:
        problems.warn("CP6103", f"{label}: {warning}", country.path)


def layout_failed(
    job: DocumentJob,
    page: ProductPage,
    fitted: Fitted,
    problems: ProblemList,
    tools: Tools,
    blank: Sequence[int] = (),
    html: str = "",
) -> bool:
    """Every check of a laid-out document; each failure is recorded. `blank` lists pages left
    empty on purpose (a bilingual edition's alignment pages), spared the empty-page check.
    Text that does not fit is traced to its translation or the clinic's careprint.toml (and
    `html`, the page's, says what else prints in the box)."""
    project, overlay = tools.project, tools.overlay
    document = fitted.document
    failed = False
    for message in fitted.log:
        failed = True
        problems.error(
            "CP6105",
            f"{job.label}: WeasyPrint: {message}",
            fix="a missing glyph needs a font that covers it; other messages are "
            "template or CSS bugs",
        )
    seen = set()
    for overflow in fitted.overflow:
        key = (overflow.check.group or overflow.check.label, overflow.text)
        if key not in seen:
            seen.add(key)
            _overflow_problem(
                job,
                overflow,
                problems,
                fitted.floor_of(overflow.check.group),
                project,
                overlay,
                html,
            )
        failed = True
    faults = []
    if page.flowing:
        faults += page_faults([p for i, p in enumerate(document.pages) if i not in blank])
    faults += [
        f'on page {number}, "{text}" is set over other text on its line'
        for number, text in overlapping_text(document.pages)
    ]
    for fault in faults:
        failed = True
        problems.error(
            "CP6106",
            f"{job.label}: {fault}",
            fix="this is a layout bug in the "
            "templates or CSS; please report it with the command you ran",
        )
    for number, text in text_off_the_page(document.pages):
        failed = True
        clinic = _clinic_source(overlay, text)
        problems.error(
            "CP6102",
            f'{job.label}: on page {number}, "{text}" runs past the page\'s margin and would '
            "be cut off",
            clinic[0] if clinic else None,
            clinic[1] if clinic else None,
            fix=(clinic[2] + ": a word in it is too long for its line")
            if clinic
            else "a word is too long for its line: shorten it or add spaces",
        )
    if page.expected_pages is not None and len(document.pages) != page.expected_pages:
        failed = True
        problems.error(
            "CP6107",
            f"{job.label}: expected {page.expected_pages} pages, got {len(document.pages)}",
            fix="content spilled onto extra pages",
        )
    limit = page.page_limit or MAX_PAGES
    if len(document.pages) > limit:
        failed = True
        problems.error(
            "CP6108",
            f"{job.label}: has {len(document.pages)} pages; a document may have at most {limit}",
            fix="shorten the modules: a handout people read in a hard week should be a few pages",
        )
    elif page.max_pages is not None and len(document.pages) > page.max_pages:
        failed = True
        spilled = [
            name
            for extra in document.pages[page.max_pages :]
            for name in extra.anchors
            if not name.endswith("-end")
        ]
        where = f" ({', '.join(spilled)} spilled over)" if spilled else ""
        problems.error(
            "CP6109",
            f"{job.label}: needs {len(document.pages)} pages, at most "
            f"{page.max_pages} allowed{where}",
            fix="shorten the text or use fewer write-in lines"
            + (
                f" (the clinic's name and hours in {overlay.path} print on it too)"
                if overlay
                else ""
            ),
        )
    if len(document.pages) % page.pad_to:
        failed = True
        problems.error(
            "CP6110",
            f"{job.label}: {len(document.pages)} pages is not a multiple of "
            f"{page.pad_to}, even with notes pages added",
            fix="this is a layout bug "
            "in the templates or CSS; please report it with the command you ran",
        )
    return failed


def typeset_job(
    job: DocumentJob, tools: Tools, dating: Dating, problems: ProblemList
) -> bytes | None:
    """Render and typeset one document; a failure is recorded against it, not raised."""
    tr = translator_for(tools.project, job.locale)
    rendered = render_checked(job, tools, tr, dating, problems)
    if rendered is None or (fitted := fit_checked(job, tools, rendered, problems)) is None:
        return None
    first = rendered
    if (chosen := shortest_needed(job, tools, rendered, fitted, problems)) is None:
        return None
    rendered, fitted = chosen
    page = rendered.page
    if extra := -len(fitted.document.pages) % page.pad_to:
        # A booklet: ruled notes pages before the back cover make up the last sheet.
        rendered = rendered.with_context(notes_pages=extra)
        if (fitted := fit_checked(job, tools, rendered, problems)) is None:
            return None
    if layout_failed(job, page, fitted, problems, tools, html=rendered.html):
        return None
    left_out(job, tools, first, rendered, problems)
    toml = "quick-guide.toml" if job.product == "quick-guide" else "card.toml"
    clinic = f", or the clinic's name and hours in {tools.overlay.path}" if tools.overlay else ""
    fix = BELOW_FLOOR_FIX.format(name=printed_as(job), toml=toml, clinic=clinic)
    below_floor(job, first, rendered, fitted, problems, fix=fix)
    try:
        pdf = tools.typesetter.write(
            fitted.document,
            rendered.modified,
            bleed_mm=page.bleed_mm,
            pdf_variant=page.pdf_variant,
        )
        return impose(pdf, job.paper, right_to_left=tr.direction == "rtl") if page.imposed else pdf
    except TypesetError as exc:
        problems.error("CP6105", f"{job.label}: WeasyPrint: {exc}", fix=write_fix(str(exc)))
        return None
