"""The access rule, as a matrix, through the chat core on both databases."""

from __future__ import annotations

import re

import pytest

from bot.access import AgencyScope, Grant, Viewer, can_view, can_view_province
from bot.accounts import create_invite
from db.tables import Agency, Score

MINISTRY = "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม"
# A distinctive score per agency: if it shows up in a reply, that agency's result leaked.
AGENCIES = {"LPG-00": 55.5, "LPG-01": 11.1, "CMI-01": 22.2, "D001": 33.3}
PEOPLE = {
    "officer_lpg": {"role": "officer", "agency_code": "LPG-01"},
    "officer_cmi": {"role": "officer", "agency_code": "CMI-01"},
    "coord_lpg": {"role": "coordinator", "province": "ลำปาง"},
    "coord_ministry": {"role": "coordinator", "ministry": MINISTRY},
    "admin": {"role": "admin"},
}
ALLOWED = {
    "officer_lpg": {"LPG-01"},
    "officer_cmi": {"CMI-01"},
    "coord_lpg": {"LPG-00", "LPG-01"},
    "coord_ministry": {"D001"},
    "admin": set(AGENCIES),
    "stranger": set(),
}


def test_rule_in_isolation() -> None:
    lampang = AgencyScope("LPG-01", "ลำปาง", None)
    assert can_view(Viewer(1, (Grant("officer", agency_code="LPG-01"),)), lampang)
    assert not can_view(Viewer(1, (Grant("officer", agency_code="LPG-02"),)), lampang)
    assert can_view(Viewer(1, (Grant("coordinator", province="ลำปาง"),)), lampang)
    assert not can_view(Viewer(1, (Grant("coordinator", province="เชียงใหม่"),)), lampang)
    assert not can_view(Viewer(1, (Grant("coordinator", ministry="x"),)), lampang)
    assert can_view(Viewer(1, (Grant("admin"),)), lampang)
    assert not can_view(Viewer(None), lampang)
    assert can_view_province(Viewer(1, (Grant("coordinator", province="ลำปาง"),)), "ลำปาง")
    assert not can_view_province(Viewer(1, (Grant("officer", agency_code="LPG-01"),)), "ลำปาง")


@pytest.fixture
async def world(chat):
    """Four agencies with scores, five linked people (linked through chat), one stranger."""
    async with chat.sessions() as session:
        session.add(
            Agency(
                code="D001",
                name_th="กรมทดสอบ",
                level="department",
                province=None,
                ministry=MINISTRY,
                agency_type="กรม",
            )
        )
        await session.flush()
        for code, value in AGENCIES.items():
            for dim in "12345":
                session.add(
                    Score(
                        year=2560,
                        agency_code=code,
                        item_kind="dimension",
                        item_code=dim,
                        score=value,
                    )
                )
        codes = {}
        for person, grant in PEOPLE.items():
            created = await create_invite(session, now=chat.clock.now(), **grant)
            codes[person] = created.code
        await session.commit()
    for person, code in codes.items():
        reply = await chat.say(person, f"ผูกบัญชี {code}")
        assert reply.intent == "link" and "เรียบร้อย" in reply.text, reply.text
    return chat


def leaked(text: str) -> set[str]:
    return {
        code for code, value in AGENCIES.items() if re.search(rf"(?<![\d.]){value}(?![\d])", text)
    }


@pytest.mark.parametrize("person", [*PEOPLE, "stranger"])
async def test_matrix_by_typed_code(world, person: str) -> None:
    for code in AGENCIES:
        outcome = await world.say(person, f"คะแนน {code}")
        assert outcome.intent == "score"
        shown = leaked(outcome.text)
        if code in ALLOWED[person]:
            assert shown == {code}, (person, code, outcome.text)
        else:
            assert shown == set(), (person, code, outcome.text)


@pytest.mark.parametrize("person", [*PEOPLE, "stranger"])
async def test_matrix_by_button_payload(world, person: str) -> None:
    """Forged button payloads are checked too."""
    for code in AGENCIES:
        for view in ("summary", "detail", "dim1"):
            outcome = await world.say(person, action=f"rep:{code}:2560:{view}")
            shown = leaked(outcome.text)
            assert shown == ({code} if code in ALLOWED[person] else set()), (person, code, view)


async def test_our_score_is_the_officers_own_agency(world) -> None:
    outcome = await world.say("officer_lpg", "คะแนนของเราเป็นอย่างไร")
    assert leaked(outcome.text) == {"LPG-01"}
    assert [b.action for b in outcome.replies[0].buttons][:2] == [
        "rep:LPG-01:2560:detail",
        "rep:LPG-01:2560:improve",
    ]


async def test_coordinator_gets_the_province_overview(world) -> None:
    outcome = await world.say("coord_lpg", "คะแนน")
    assert leaked(outcome.text) == {"LPG-00", "LPG-01"}
    assert "ลำปาง" in outcome.text


async def test_stranger_is_told_how_to_link(world) -> None:
    outcome = await world.say("stranger", "คะแนนของเรา")
    assert "ผูกบัญชี" in outcome.text and not re.search(r"\d+\.\d", outcome.text)


async def test_unknown_agency_gets_the_same_refusal_as_a_forbidden_one(world) -> None:
    forbidden = await world.say("officer_lpg", action="rep:CMI-01:2560:summary")
    missing = await world.say("officer_lpg", action="rep:XXX-99:2560:summary")
    assert forbidden.text == missing.text
