"""The shipped partner-support pack against the content brief (../shared/content-brief.md).

Each seed idea of the brief is a pattern (alternatives allowed, so the wording can change) that
must appear in the module the brief puts it in. The patterns encode the brief; when the brief
changes, change them here.
"""

from __future__ import annotations

import re

import pytest

from builder.check import check_project
from builder.packs import Pack
from builder.project import Project
from builder.prose import module_units
from builder.readability import score_pack

from .conftest import REPO

TOPICS = [
    "what-self-harm-is", "signs-you-might-notice", "how-you-can-help-today",
    "talking-about-professional-help", "if-they-say-no-to-therapy",
    "coping-now-and-healing-over-time", "building-trust", "looking-after-yourself",
    "when-it-is-an-emergency", "where-to-find-help",
]

SEEDS: dict[str, dict[str, str]] = {
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
        "guided imagery or a meditation app": r"guided imagery.*meditation app",
        "creative together: drawing, painting, writing": r"drawing, painting or writing",
        "a safer home, with their agreement": r"safer.*agreement",
        "not behind their back": r"behind their back",
        "no pressure, shame or confrontation": r"pressure, shame or confrontation",
        "open and honest talk": r"open and honest",
    },
    "talking-about-professional-help": {
        "therapy addresses causes": r"therapy.*causes",
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
        "redirect: mindfulness, exercise, creative hobbies": r"mindfulness, exercise or a creative",
        "distraction: walk, music, calling a friend": r"walk, some music or a call to a friend",
        "not a project": r"not .*project",
    },
    "coping-now-and-healing-over-time": {
        "distraction and activity help short term": r"distraction and keeping active.*short term",
        "therapy helps understand patterns": r"therapy can help people see their own patterns",
        "negative self-talk": r"negative self-talk",
        "cognitive-behavioural approaches": r"cognitive behavioural therapy",
        "mindfulness and stress skills": r"mindfulness.*stress",
        "lasting ways to cope": r"ways to cope that last",
        "coping tools are not failure": r"coping tools is not failure",
        "both can go together": r"both can go together",
    },
    "building-trust": {
        "check in regularly": r"check in",
        "listen without judging": r"listen without judging",
        "be patient, change takes time": r"patient.*change takes time",
        "invite feelings and fears": r"feelings and fears",
        "avoid ultimatums": r"avoid ultimatums",
    },
    "looking-after-yourself": {
        "supporting is draining": r"wear you out|draining",
        "your sleep and health": r"sleep.*(health|doctor)",
        "your limits": r"limits",
        "support groups": r"support groups",
        "counselling": r"counselling",
        "you cannot carry it alone": r"cannot carry this alone",
        "you are not to blame": r"not to blame",
    },
    "when-it-is-an-emergency": {
        "talk about wanting to die": r"talk about wanting to die",
        "an injury that needs treatment": r"injury that needs",
        "get help immediately": r"right away|help now",
        "emergency number first": r"call the emergency number first",
        "then the crisis line": r"then, call a crisis line",
        "stay with them if safe": r"stay with (them|your partner) if it is safe",
    },
    "where-to-find-help": {
        "emergency number": r"emergency",
        "crisis lines": r"crisis lines",
        "text and chat": r"text and chat",
        "support for families and carers": r"families and carers",
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
def project() -> Project:
    loaded, _ = check_project(REPO)
    return loaded


@pytest.fixture(scope="module")
def pack(project: Project) -> Pack:
    return project.packs["partner-support"]


def module_text(pack: Pack, module_id: str) -> str:
    module = next(m for m in pack.modules if m.id == module_id)
    return " ".join(u.plain for u in module_units(module)).lower()


def missing_seeds(text: str, seeds: dict[str, str]) -> list[str]:
    return [idea for idea, pattern in seeds.items() if not re.search(pattern, text, re.S)]


def test_all_ten_topics_in_brief_order_then_a_closing(pack: Pack) -> None:
    ids = [m.id for m in pack.modules]
    assert ids[:10] == TOPICS
    assert len(ids) == 11 and pack.modules[10].header.role == "closing"


@pytest.mark.parametrize("module_id", list(SEEDS))
def test_every_seed_idea_is_in_its_module(pack: Pack, module_id: str) -> None:
    assert missing_seeds(module_text(pack, module_id), SEEDS[module_id]) == []


def test_seed_check_notices_a_missing_idea(pack: Pack) -> None:
    text = module_text(pack, "how-you-can-help-today").replace("kayak", "canoe")
    assert missing_seeds(text, SEEDS["how-you-can-help-today"]) == [
        "a new shared activity: walk, hike, kayak"]


def test_numbers_come_from_helpline_data(pack: Pack) -> None:
    attach = {m.id: m.header.attach for m in pack.modules}
    assert attach["when-it-is-an-emergency"] == "emergency-box"
    assert attach["where-to-find-help"] == "help-directory"


def test_shipped_pack_checks_clean() -> None:
    _, problems = check_project(REPO)
    assert [p.render(REPO) for p in problems.items] == []


def test_every_english_module_reads_at_grade_8_or_lower(pack: Pack) -> None:
    scores = score_pack(pack)
    assert len(scores) == 11
    assert {s.module_id: round(s.grade, 1) for s in scores if s.grade > 8} == {}
