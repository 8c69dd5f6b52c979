"""Bilingual wallet cards (`--locale es+en` or `--with en` for card, card-sheet, card-fold).

Unlike the handout (facing pages, facing.py), a card has no room for a second page: each face
prints both languages, the first language's labels and texts followed by the second's, the
numbers once. Each language is rendered as its own card first (so each takes its own catalog,
dates, direction and draft notice); the first one's page then takes the second's texts
(cards.other_language) and is fitted like any card: the faces step down together to the
floor size; a front too full runs the second date on after the first, then prints it on the
back (nothing left off, the build says what moved); only then does it give something up, a
sentence before a number: for a country without a crisis line, the second language's words
on what to do instead (printed in the first), and after that each side's shorter version
(the first line only, with the same warning as a single card). If both languages still do
not fit, the card fails naming itself and the pair, the face and text that do not fit on the
pair as first fitted (not those of the last version tried), and how to print each language
on a card of its own.
It is written tagged (PDF/UA-1), and every element of the second language carries its /Lang
(weasy.py tags each element that has a lang attribute), so a screen reader switches voice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from builder.base.errors import Problem, ProblemList, Severity
from builder.model.freshness import Dating
from builder.model.project import translator_for
from builder.plan.jobs import DocumentJob
from builder.plan.pairs import locale_parts
from builder.render.document import Rendered
from builder.render.products.cards import other_language
from builder.typeset.job import (
    Tools,
    below_floor,
    fit_checked,
    layout_failed,
    left_out,
    render_checked,
    shortest_needed,
)
from builder.typeset.weasy import TypesetError

TAGGED = "pdf/ua-1"  # tags carry the /Lang of each block


def typeset_card_pair(
    job: DocumentJob, tools: Tools, dating: Dating, problems: ProblemList
) -> bytes | None:
    """A card product in two languages, or None (the problems say why)."""
    sides: list[Rendered] = []
    for locale in locale_parts(job.locale):
        tr = translator_for(tools.project, locale)
        # The second side's warnings repeat the first's (both concern the country's data).
        found = problems if not sides else ProblemList()
        rendered = render_checked(
            replace(job, locale=locale), tools, tr, dating, found, label=job.label
        )
        if found is not problems:
            problems.extend(found.errors)
        if rendered is None:
            return None
        sides.append(rendered)
    first, second = sides
    both = first.with_context(second=other_language(second.context))
    fitted = fit_checked(job, tools, both, problems)
    if fitted is None:
        return None
    sides_shorter = (
        [
            a.with_context(second=other_language(b.context))
            for a, b in zip(first.shorter, second.shorter, strict=True)
        ]
        if len(first.shorter) == len(second.shorter)
        else []
    )
    # Made shorter as one card, while the pair does not fit (made_shorter).
    shorter: list[Rendered] = []
    for version in [both, *sides_shorter]:
        shorter += made_shorter(version, first=version is both)
    chosen = shortest_needed(job, tools, both, fitted, problems, shorter, fullest_on_failure=True)
    if chosen is None:
        return None
    printed, fitted = chosen
    if layout_failed(job, printed.page, fitted, problems, tools, html=printed.html):
        return None
    left_out(job, tools, first, printed, problems)
    # Where no version fit at Arabic script's floor (shortest_needed): a card both languages
    # can read beats none (AR, JP and eight more countries' fa+en card sheets, ZA's ar+en).
    below_floor(
        job,
        both,
        printed,
        fitted,
        problems,
        fix=f"for larger type, print each language on its own card: build with --locale "
        f"{both.context['lang']} and again with --locale {both.context['second']['lang']}",
    )
    if printed.context["checked_on_back"]:
        # Every line still prints, on the same card: --strict keeps this a warning.
        message = f"{job.label}: {moved_to_back(printed.context)}"
        problems.add(Problem("CP6114", message, severity=Severity.WARNING, advisory=True))
    try:
        return tools.typesetter.write(
            fitted.document,
            max(s.modified for s in sides),
            bleed_mm=printed.page.bleed_mm,
            pdf_variant=TAGGED,
        )
    except TypesetError as exc:
        problems.error(
            "CP6105",
            f"{job.label}: WeasyPrint: {exc}",
            fix="a missing glyph needs a font that covers those characters",
        )
        return None


def made_shorter(version: Rendered, first: bool) -> list[Rendered]:
    """A version of the pair made shorter as one card, in the order tried while it does not
    fit: the second language's date run on after the first's, then on the back of the same
    card (every line still printed); then, for a country without a crisis line, its "what to
    do instead" in the first language only (Italy's card did not fit in any pair with it in
    both), its date on the back too. A sentence the card already prints in one language goes
    before a number does: only after all of these does the pair take each side's shorter
    version (the same lines left off, each dated and worded in its language), tried the same
    ways. `first` is the pair as first fitted, itself not tried again."""
    tried = [] if first else [version]
    tried += [version.with_context(checked_joined=True), dated_on_back(version)]
    if version.context["second"]["further_help"]:
        tried += [without_second_help(version), dated_on_back(without_second_help(version))]
    return tried


def without_second_help(pair: Rendered) -> Rendered:
    """The pair, dates run on, without the second language's words for a country with no
    crisis line (the first language's print), and a warning naming them."""
    second = pair.context["second"]
    shorter = pair.with_context(second=second | {"further_help": ""}, checked_joined=True)
    warning = (
        f'the {second["lang"]} words "{second["further_help"]}" left off the card so its front '
        f"fits (the {pair.context['lang']} ones print)"
    )
    return replace(shorter, warnings=(*shorter.warnings, warning))


def dated_on_back(pair: Rendered) -> Rendered:
    """The pair with the second language's "numbers checked" line (and its out-of-date notice)
    on the back of the card: the front keeps every number and the first language's date."""
    return pair.with_context(checked_on_back=True)


def moved_to_back(context: Mapping[str, Any]) -> str:
    """What the build says when a pair prints its second date on the back."""
    second = context["second"]
    line = second["checked_line"].replace("%(date)s", str(second["checked"]))
    if context["out_of_date"]:
        line += f" {second['out_of_date_line']}"
    return (
        f'the {second["lang"]} line "{line}" printed on the back of the card so its front '
        f"fits (the {context['lang']} one prints on the front)"
    )
