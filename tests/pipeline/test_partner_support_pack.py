"""The shipped partner-support pack against the content brief (../shared/content-brief.md).

Each seed idea of the brief is a pattern (alternatives allowed, so the wording can change) that
must appear in the module the brief puts it in. The patterns encode the brief; when the brief
changes, change them here.
"""

from __future__ import annotations

import re

import pytest

from builder.base.errors import ProblemList
from builder.model.packs import Pack
from builder.model.project import Project
from builder.model.prose import module_units
from builder.pipeline import check_project
from builder.validate.readability import score_pack

from ..conftest import REPO

TOPICS = [
    "what-to-do-now",
    "if-they-tell-you",
    "what-self-harm-is",
    "self-harm-and-suicide",
    "injuries-and-first-aid",
    "signs-you-might-notice",
    "how-you-can-help-today",
    "making-home-safer",
    "talking-about-professional-help",
    "if-they-say-no-to-therapy",
    "coping-now-and-healing-over-time",
    "building-trust",
    "at-the-hospital-and-afterwards",
    "when-you-feel-pressured-or-unsafe",
    "looking-after-yourself",
    "where-to-find-help",
]

SEEDS: dict[str, dict[str, str]] = {
    "what-to-do-now": {
        "any overdose or poisoning, even if they seem fine": r"overdose.*even if they seem fine",
        "harm can show hours later": r"hours later",
        "heavy bleeding": r"bleeding",
        "talk of suicide is level 2": r"talk (of|about) suicide",
        "lines for both of you": r"both of you|either of you",
        "if you are not sure, call": r"not sure.*call",
        "stay with them if safe": r"stay with them",
    },
    "if-they-tell-you": {
        "stay calm": r"calm",
        "thank them for telling you": r"thank you for telling me",
        "ask whether they are hurt": r"are hurt and need care now",
        "listen more than you speak": r"listen more than you speak",
        "no demand for a promise to stop": r"promise to stop",
        "one small next step": r"one small next step",
        "no secret if a life is at risk": r"secret if a life may be at risk",
    },
    "self-harm-and-suicide": {
        "most do not want to die": r"most people who self-harm do not want to die",
        "raises the risk over time": r"over time.*more likely",
        "ask directly": r"are you thinking about suicide\?",
        "asking does not plant the idea": r"does not|put the idea in their head",
        "wanting to die or a burden": r"wanting to die.*burden",
        "saying goodbye, giving things away": r"goodbye.*give away",
        "sudden calm": r"suddenly calm",
        "more alcohol or drugs": r"alcohol.*drugs",
        "what to do: the three levels": r"three levels",
    },
    "injuries-and-first-aid": {
        "clean, cover, keep an eye on it": r"clean.*cover.*check it",
        "bleeding after firm pressure": r"firm pressure",
        "deep or gaping": r"deep or gaping",
        "large burns": r"burn is larger",
        "infection signs": r"pus|infection|swollen",
        "face, hands, near a joint": r"face, hands or near a joint",
        "any overdose or poisoning: emergency department": r"overdose or poisoning needs the "
        r"emergency department",
        "scars are their choice": r"scars is their choice",
    },
    "making-home-safer": {
        "plan together at a calm time": r"calm time|calm moment",
        "put away, lock up or hand over": r"put them away, lock them up, or hand",
        "medicines: small amounts, locked": r"small amounts.*locked",
        "unused medicines to a pharmacy": r"pharmacy",
        "safety first in a crisis": r"safety comes first",
        "step 6 of the safety plan": r"step 6",
    },
    "at-the-hospital-and-afterwards": {
        "the injury is checked first": r"check and treat any injury",
        "then an assessment": r"assessment",
        "often a mental health worker": r"mental health worker",
        "you can share what you know": r"you can always tell staff",
        "follow-up": r"follow-up",
        "the days after can be harder": r"days after a crisis can be harder",
        "keep the safety plan close": r"safety plan close",
    },
    "when-you-feel-pressured-or-unsafe": {
        "pressure you are not responsible for": r"if you leave, i'll hurt myself.*not "
        r"responsible",
        "help for yourself": r"help for yourself|for you too",
        "if you are afraid of them": r"afraid of them",
        "emergency number when in danger": r"emergency number",
        "children: keep them safe, tell them simply": r"children safe.*unwell and is getting help",
        "where children can get support": r"where children can get support",
    },
    "what-self-harm-is": {
        "a way to cope with unbearable feelings": r"cope.*(too much to bear|unbearable)",
        "brief relief": r"relief",
        "distraction from emotional pain": r"(take|takes) the mind off emotional pain|distract",
        "a sense of control": r"sense of control",
        "not weakness": r"not (a sign of )?weakness",
        "not attention seeking": r"not about getting attention",
        "past trauma: abuse, neglect": r"trauma.*abuse.*neglect",
        "ongoing emotional pain": r"emotional pain that goes on",
        "hard life events": r"relationship.*(job|work).*money",
        "mental health conditions such as depression": r"depression",
        "not the cause, cannot fix it alone": r"not the cause.*cannot fix it alone",
    },
    "signs-you-might-notice": {
        "four groups": r"four groups",
        "covering skin even in heat": r"covering their skin, even on hot days",
        "withdrawing": r"time alone|withdraw",
        "poor sleep": r"sleeping badly|poor sleep",
        "poor concentration": r"hard to focus|concentrat",
        "harsh self-talk": r"harsh",
        "hopelessness": r"hopeless",
        "feeling worthless": r"worthless",
        "sudden irritability or anxiety": r"suddenly.*(annoyed|irritab).*anxious",
        "mood swings and agitation": r"mood swings.*restless",
        "what you might hear: saying hopeless": r"saying they feel hopeless",
        "conflict": r"arguments|conflict",
        "pulling away from friends": r"pulling away from friends",
        "trouble at work or study": r"trouble at work or at school",
        "low energy": r"low energy",
        "cuts, bruises, burns": r"cuts, bruises or burns",
        "injuries or scars they avoid explaining": r"scars they avoid explaining",
    },
    "how-you-can-help-today": {
        "a change of scene": r"change of scene",
        "a new shared activity: walk, hike, kayak": r"walk.*hike.*kayak",
        "a trusted friend or relative": r"friend or relative they trust",
        "music together or a playlist": r"music together.*playlist",
        "guided imagery, defined, with an app": r"picture a safe.*guided imagery.*app",
        "creative together: drawing, painting, writing": r"drawing, painting or writing",
        "no pressure, shame or confrontation": r"pressure, shame or confrontation",
        "open and honest talk": r"open and honest",
    },
    "talking-about-professional-help": {
        "therapy can help with causes, some evidence": r"some evidence.*therapy.*causes",
        "family or couple sessions": r"couples or families",
        "carer education": r"teach carers",
        "coping tools soothe the moment": r"coping tools.*soothe",
        "invite rather than demand": r"invite, do not demand",
        "I'm here to help you find support": r"i'm here to help you find support",
        "It's okay to ask for help": r"it's okay to ask for help",
        "avoid: Just stop": r"just stop",
        "avoid: Why can't you stop?": r"why can't you stop",
        "look up therapists together": r"look for a therapist together",
        "book the first appointment": r"book the first appointment",
        "go along": r"go with them",
        "or wait outside": r"wait outside",
    },
    "if-they-say-no-to-therapy": {
        "an adult's choice": r"adult.*choice is theirs",
        "pushing or ultimatums make it worse": r"pushing.*ultimatum.*worse",
        "feeling trapped": r"trapped",
        "a safe place to talk": r"safe place to talk",
        "a journal": r"journal",
        "redirect: exercise, creative hobbies": r"exercise or a creative",
        "distraction: points back, not repeated": r"how you can help today",
        "not a project": r"not .*project",
        "the emergency exception": r"even if they do not want it",
        "under 18: their doctor or the school": r"doctor, or to the school",
        "under 18: no permission needed at risk": r"do not need their permission",
    },
    "coping-now-and-healing-over-time": {
        "distraction and activity help short term": r"distraction and keeping active.*short term",
        "therapy helps understand patterns": r"therapy can help people see their own patterns",
        "negative self-talk": r"negative self-talk",
        "cognitive-behavioural approaches": r"cognitive behavioural therapy",
        "stress skills": r"stress",
        "mindfulness, defined": r"mindfulness. this means",
        "softened: not the same for everyone": r"does not work the same for everyone",
        "coping ideas are not failure": r"coping ideas is not failure",
        "both can go together": r"both can go together",
    },
    "building-trust": {
        "check in regularly": r"check in",
        "listen without judging": r"listen without judging",
        "be patient, change takes time": r"patient.*change takes time",
        "invite feelings and fears": r"feelings and fears",
        "avoid ultimatums": r"avoid ultimatums",
        "say what you can and cannot do, with an example": r"can and cannot do.*for example",
    },
    "looking-after-yourself": {
        "supporting is draining": r"wear you out|draining",
        "your sleep and health": r"sleep.*(health|doctor)",
        "your limits": r"limits",
        "support groups": r"support groups",
        "counselling": r"counselling",
        "you cannot carry it alone": r"cannot carry this alone",
        "you are not to blame": r"not to blame",
        "the crisis lines are for you too": r"crisis line.*for you too",
        "carers' services, or where to ask": r"families and carers, or where to ask",
    },
    "where-to-find-help": {
        "emergency number": r"emergency",
        "crisis lines": r"crisis lines",
        "text and chat": r"text and chat",
        "urgent help": r"urgent help",
        "where to find a therapist": r"find a therapist",
        "hours shown": r"when it is open",
        "date last checked": r"last checked",
    },
    "there-is-hope": {
        "people recover": r"people do recover",
        "asking for help is brave": r"asking for help is a brave step",
        "the reader's care matters": r"your care matters",
    },
}


@pytest.fixture(scope="module")
def checked() -> tuple[Project, ProblemList]:
    """`careprint check` of the shipped project, once for the module: what it loaded and what
    it found."""
    return check_project(REPO)


@pytest.fixture(scope="module")
def project(checked: tuple[Project, ProblemList]) -> Project:
    return checked[0]


@pytest.fixture(scope="module")
def pack(project: Project) -> Pack:
    return project.packs["partner-support"]


def module_text(pack: Pack, module_id: str) -> str:
    module = next(m for m in pack.modules if m.id == module_id)
    return " ".join(u.plain for u in module_units(module)).lower()


def missing_seeds(text: str, seeds: dict[str, str]) -> list[str]:
    return [idea for idea, pattern in seeds.items() if not re.search(pattern, text, re.S)]


def test_all_sixteen_topics_in_brief_order_then_a_closing(pack: Pack) -> None:
    ids = [m.id for m in pack.modules]
    assert ids[:16] == TOPICS
    assert len(ids) == 17 and pack.modules[16].header.role == "closing"


@pytest.mark.parametrize("module_id", list(SEEDS))
def test_every_seed_idea_is_in_its_module(pack: Pack, module_id: str) -> None:
    assert missing_seeds(module_text(pack, module_id), SEEDS[module_id]) == []


def test_seed_check_notices_a_missing_idea(pack: Pack) -> None:
    text = module_text(pack, "how-you-can-help-today").replace("kayak", "canoe")
    assert missing_seeds(text, SEEDS["how-you-can-help-today"]) == [
        "a new shared activity: walk, hike, kayak"
    ]


def test_numbers_come_from_helpline_data(pack: Pack) -> None:
    attach = {m.id: m.header.attach for m in pack.modules}
    assert attach["what-to-do-now"] == "emergency-box"
    assert attach["looking-after-yourself"] == "carers-lines"
    assert attach["when-you-feel-pressured-or-unsafe"] == "abuse-lines"
    assert attach["where-to-find-help"] == "help-directory"


def test_shipped_pack_checks_clean(checked: tuple[Project, ProblemList]) -> None:
    _, problems = checked
    assert [p.render(REPO) for p in problems.items] == []


def test_every_english_module_reads_at_grade_8_or_lower(pack: Pack) -> None:
    scores = score_pack(pack)
    assert len(scores) == 17
    assert {s.module_id: round(s.grade, 1) for s in scores if s.grade > 8} == {}


# What the clinical review of the first edition found over-claimed, absolute or unsafe; none of
# it may come back in any module.
RETIRED = {
    "one level of urgency for every worry": r"emergency number first",
    "an absolute promise about home safety": r"never behind their back",
    "an absolute claim about cause": r"you did not cause",
    "an over-claim about therapy": r"ways to cope that last",
}


def test_retired_first_edition_claims_stay_out(pack: Pack) -> None:
    text = " ".join(module_text(pack, m.id) for m in pack.modules)
    found = [what for what, pattern in RETIRED.items() if re.search(pattern, text)]
    assert found == []


def test_every_module_names_no_service_and_no_number(pack: Pack) -> None:
    """Numbers come from the data, per country; a module naming one would be wrong elsewhere."""
    for module in pack.modules:
        text = module_text(pack, module.id)
        assert not re.search(r"\b(samaritans|988|999|911|111|112)\b", text), module.id


# The three levels themselves live in levels.toml (page 1 and the top of "What to do now").
LEVEL_SEEDS = {
    "any overdose or poisoning, even if they seem fine": r"overdose or poisoning, even if they "
    r"seem fine",
    "bleeding that will not stop": r"bleeding that will not stop",
    "a large or deep burn": r"large or deep burn",
    "unconscious or very drowsy": r"passed out or very drowsy",
    "a plan to end their life": r"act on a plan to end their life",
    "emergency number or emergency department": r"emergency number, or go to the emergency "
    r"department",
    "level 2: talk of suicide, very worried": r"talk about suicide, or you are very worried",
    "level 2: doctor or clinic today": r"doctor or clinic today",
    "level 3: for either of you": r"for either of you",
    "level 3: for you too": r"for you too",
    "if you are not sure, call": r"not sure.*call",
}


def test_the_three_levels_say_what_the_brief_asks(pack: Pack) -> None:
    assert pack.levels is not None
    text = " ".join(v for v in pack.levels.model_dump().values()).lower()
    assert missing_seeds(text, LEVEL_SEEDS) == []
    # Level 2 never tells readers to call the emergency number first, then a crisis line.
    assert "first" not in pack.levels.urgent_do.lower()
