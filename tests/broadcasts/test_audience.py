"""Audiences: reading the expression, and who it selects (on both databases)."""

from __future__ import annotations

import pytest

from bcp.campaigns import create_campaign, make_scope
from bcp.submissions import record
from broadcasts.audience import Audience, AudienceError, parse_audience, select_audience
from broadcasts.regions import REGIONS, find_region, region_of
from scoring.directory import surveyed_provinces
from tests.doubles.line_api import line_user_id

BOTH = {"line", "telegram"}


def test_every_surveyed_province_is_in_exactly_one_region() -> None:
    listed = [p for _, _, provinces in REGIONS.values() for p in provinces]
    assert len(listed) == len(set(listed)) == 77  # 76 surveyed provinces and Bangkok
    assert all(region_of(p.name_th) for p in surveyed_provinces())
    assert [find_region(n) for n in ("เหนือ", "ภาคใต้", "Northeast", "east")] == [
        "north",
        "south",
        "northeast",
        "east",
    ]


def test_parsing_terms_in_english_and_thai() -> None:
    assert parse_audience("all") == parse_audience("ทุกคน") == Audience()
    audience = parse_audience("role=coordinator region=เหนือ,ใต้")
    assert audience.roles == ("coordinator",) and audience.regions == ("north", "south")
    thai = parse_audience("บทบาท=เจ้าหน้าที่; จังหวัด=Lampang, เชียงใหม่ ประเภท=สำนักงานจังหวัด")
    assert thai.roles == ("officer",)
    assert thai.provinces == ("ลำปาง", "เชียงใหม่")
    assert thai.agency_types == ("สำนักงานจังหวัด",)
    bcp = parse_audience("bcp=abc123:ยังไม่ส่ง level=province")
    assert (bcp.bcp_campaign, bcp.bcp_status, bcp.levels) == ("abc123", "not_sent", ("province",))
    assert Audience.from_data(thai.to_data()) == thai


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "key=value"),
        ("coordinators", "key=value"),
        ("role=boss", "role=boss is not known"),
        ("colour=red", "not an audience key"),
        ("province=Atlantis", "not a surveyed province"),
        ("region=moon", "region=moon is not known"),
        ("bcp=abc", "bcp= takes one campaign"),
        ("role=", "needs a value"),
    ],
)
def test_bad_audiences_are_refused_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(AudienceError, match=reason):
        parse_audience(text)


async def test_selection_by_role_place_ministry_type_and_bcp(world) -> None:
    await world.department("D-001", "กรมการปกครอง", "กระทรวงมหาดไทย")
    await world.department("D-002", "กรมสรรพากร", "กระทรวงการคลัง")
    lampang_office = await world.person("officer", agency="LPG-01")  # north, สำนักงานจังหวัด
    lampang_other = await world.person("officer", agency="LPG-05", channel="line")
    phuket_office = await world.person("officer", agency="PKT-01")  # south
    interior = await world.person("officer", agency="D-001")
    finance = await world.person("officer", agency="D-002", channel="line")
    north_coord = await world.person("coordinator", province="ลำปาง")
    south_coord = await world.person("coordinator", province="ภูเก็ต", channel="line")
    ministry_coord = await world.person("coordinator", ministry="กระทรวงมหาดไทย")
    admin = await world.person("admin")
    await world.person("officer", agency="LPG-02", muted=True)
    await world.person("officer", agency="LPG-03", active=False)
    await world.person("officer", agency="LPG-04", channel="web", accounts=[("web", "w-1")])

    async def ids(text: str) -> set[tuple[str, str]]:
        async with world.sessions() as session:
            selection = await select_audience(session, parse_audience(text), BOTH)
        return {(c, u) for c, users in selection.accounts.items() for u in users}

    def flat(*people):
        return {account for person in people for account in person}

    everyone = flat(
        lampang_office,
        lampang_other,
        phuket_office,
        interior,
        finance,
        north_coord,
        south_coord,
        ministry_coord,
        admin,
    )
    assert await ids("all") == everyone
    assert await ids("role=coordinator region=north") == flat(north_coord)
    assert await ids("role=coordinator") == flat(north_coord, south_coord, ministry_coord)
    assert await ids("region=north") == flat(lampang_office, lampang_other, north_coord)
    assert await ids("province=ภูเก็ต") == flat(phuket_office, south_coord)
    assert await ids("level=department") == flat(interior, finance, ministry_coord)
    assert await ids("ministry=กระทรวงมหาดไทย") == flat(interior, ministry_coord)
    assert await ids("type=สำนักงานจังหวัด region=north") == flat(lampang_office, north_coord)
    assert await ids("role=admin") == flat(admin)

    async with world.sessions() as session:
        campaign = await create_campaign(
            session,
            name="BCP 2570",
            deadline=world.clock.now().replace(year=2027, month=6, day=30),
            scope=make_scope(provinces=["ลำปาง"]),
            now=world.clock.now(),
        )
        await record(
            session,
            campaign_id=campaign.id,
            agency_code="LPG-01",
            action="sent",
            by="test",
            now=world.clock.now(),
        )
        await session.commit()
    not_sent = await ids(f"bcp={campaign.id}:not_sent role=officer")
    assert not_sent == flat(lampang_other)
    assert await ids(f"bcp={campaign.id}:sent") == flat(lampang_office, north_coord)

    async with world.sessions() as session:
        selection = await select_audience(session, Audience(), BOTH)
        assert dict(selection.skipped) == {"muted": 1, "inactive": 1, "unreachable": 1}
        assert selection.per_channel() == {"line": 3, "telegram": 6}
        only_line = await select_audience(session, Audience(), {"line"})
        assert only_line.per_channel() == {"line": 3}
        assert only_line.skipped["unreachable"] == 9  # Telegram-only and web-only people
        for text, reason in (
            ("ministry=กระทรวงดวงจันทร์", "matches no agency"),
            ("bcp=nope:sent", "no BCP campaign"),
        ):
            with pytest.raises(AudienceError, match=reason):
                await select_audience(session, parse_audience(text), BOTH)


async def test_a_person_with_two_accounts_gets_one_message(world) -> None:
    both = await world.person(
        "admin", accounts=[("telegram", "424242"), ("line", line_user_id("two"))]
    )
    async with world.sessions() as session:
        selection = await select_audience(session, Audience(), BOTH)
    assert selection.recipients == 1
    chosen = {(c, u) for c, users in selection.accounts.items() for u in users}
    assert chosen <= set(both) and len(chosen) == 1
