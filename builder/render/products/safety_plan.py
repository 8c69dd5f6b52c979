"""The safety-plan sheet: the six planning steps and two closing prompts, to fill in by hand.

Made to be filled in together at a calm time, so every step gets ruled lines at handwriting
height, and the step with attach = "crisis-lines" shows the country's emergency number and
crisis lines with the date they were checked. It must fit on at most two pages: where it would
not, its ruled lines are set closer (down to a floor), and what still needs a third page is an
error that names what spilled over.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.model.helplines import Service
from builder.render.page import DocumentInputs, ProductPage
from builder.render.selection import CRISIS_KINDS

MAX_PAGES = 2
MAX_SERVICES = 5  # emergency plus the first crisis, text and chat lines; the handout lists all
# Ruled-line pitch: room for adult handwriting (US wide rule is 8.7 mm). Letter is 17.6 mm
# shorter than A4, so its lines are a little closer, which keeps longer languages on two pages.
RULE_MM = {"a4": 9.0, "letter": 8.0}
# A plan that needs a third page at that pitch (a longer language, and a country with several
# crisis lines: step 5's box then starts page 2) is laid out again with its lines closer, in
# half-millimetre steps down to this floor, just under US college rule (7.1 mm): still room to
# write by hand. Only if it needs three pages even then does the build fail (CP6109).
RULE_FLOOR_MM = 7.0
RULE_STEP_MM = 0.5


def closer_rules(start_mm: float) -> tuple[float, ...]:
    """The pitches to try after start_mm, largest first: 9.0 -> 8.5, 8.0, 7.5, 7.0."""
    steps = round((start_mm - RULE_FLOOR_MM) / RULE_STEP_MM)
    return tuple(start_mm - RULE_STEP_MM * n for n in range(1, steps + 1))


@dataclass(frozen=True)
class StepView:
    id: str
    number: int | None
    title: str
    prompt: str
    lines: int
    attach: str


def plan_services(inputs: DocumentInputs) -> tuple[tuple[Service, ...], int]:
    """Emergency first, then urgent, crisis, text and chat lines in display order; and how
    many in all.

    Like a card, the plan is what people reach for in a crisis and has no room to say what is
    doubtful, so it follows the card rule for withheld rows (card_selection).
    """
    wanted = tuple(
        s for s in inputs.card_selection.services if s.kind in CRISIS_KINDS or s.listening
    )
    return wanted[:MAX_SERVICES], len(wanted)


def step_views(inputs: DocumentInputs) -> list[StepView]:
    plan = inputs.pack.plan
    assert plan is not None, "pack loader guarantees safety-plan.toml for this product"

    def t(text: str) -> str:
        return inputs.tr.text("safety-plan", text)

    views, number = [], 0
    for step in plan.steps:
        if step.numbered:
            number += 1
        views.append(
            StepView(
                step.id,
                number if step.numbered else None,
                t(step.title),
                t(step.prompt),
                step.lines,
                step.attach,
            )
        )
    return views


def safety_plan_page(inputs: DocumentInputs, rule_mm: float | None = None) -> ProductPage:
    """The plan with its lines at the paper's pitch (or at rule_mm: one of its shorter
    versions)."""
    plan = inputs.pack.plan
    assert plan is not None, "pack loader guarantees safety-plan.toml for this product"
    services, available = plan_services(inputs)

    def t(text: str) -> str:
        return inputs.tr.text("safety-plan", text) if text else ""

    warnings = [
        f"{s.id} left off the safety plan (withheld: {s.caution_reason})"
        for s in inputs.card_selection.left_out
        if s.kind in CRISIS_KINDS
    ]
    if not any(v.kind == "crisis" for v in services):
        warnings.append(f"{inputs.country.country} has no crisis line to print on the safety plan")
    if available > len(services):
        warnings.append(
            f"safety plan shows {len(services)} of {available} services; "
            "the handout's help page lists them all"
        )
    return ProductPage(
        template="safety-plan.html",
        stylesheets=("base.css", "safety-plan.css"),
        context={
            "plan_title": t(plan.title),
            "intro": t(plan.intro),
            "danger_label": t(plan.danger_label),
            "emergency": inputs.views(tuple(s for s in services if s.kind == "emergency")),
            "date_made_label": t(plan.date_made_label),
            "review_label": t(plan.review_label),
            "steps": step_views(inputs),
            "services": inputs.views(services),
            "rule_mm": rule_mm or RULE_MM[inputs.job.paper.name],
        },
        printed=services,
        max_pages=MAX_PAGES,
        shorter=()
        if rule_mm is not None
        else tuple(
            safety_plan_page(inputs, closer)
            for closer in closer_rules(RULE_MM[inputs.job.paper.name])
        ),
        warnings=warnings,
    )
