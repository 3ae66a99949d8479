"""Campaigns on both databases, the CLI contract, and the deadline in chat."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bcp.campaigns import CampaignError, covers, create_campaign, list_campaigns, make_scope
from bcp.dates import parse_moment
from bot.accounts import create_invite
from db.tables import Agency

DGBOT = str(Path(sys.executable).with_name("dgbot"))


def test_scope_validation() -> None:
    assert make_scope(provinces=["Lampang"]).provinces == ("ลำปาง",)
    for bad in ({"levels": ["city"]}, {"provinces": ["Atlantis"]}, {"categories": ["x"]}):
        with pytest.raises(CampaignError):
            make_scope(**bad)


async def test_scope_and_deadline_in_chat(chat) -> None:
    async with chat.sessions() as session:
        lampang_only = make_scope(provinces=["ลำปาง"], categories=["provincial_administration"])
        await create_campaign(
            session,
            name="ทบทวน BCP ลำปาง",
            deadline=parse_moment("30 ธันวาคม 2569"),
            scope=lampang_only,
            now=chat.clock.now(),
        )
        await create_campaign(
            session,
            name="ทบทวน BCP ระดับกรม",
            deadline=parse_moment("31 ธันวาคม 2569"),
            scope=make_scope(levels=["department"]),
            now=chat.clock.now(),
        )
        invite = await create_invite(
            session, role="officer", agency_code="LPG-05", now=chat.clock.now()
        )
        await session.commit()
        [department, lampang] = await list_campaigns(session, open_only=True)
        office = await session.get(Agency, "LPG-05")
        assert covers(lampang, office) and not covers(department, office)
        assert not covers(lampang, await session.get(Agency, "LPG-01"))  # provincial_office
    unlinked = await chat.say("stranger", "BCP deadline เมื่อไร")
    assert "ทบทวน BCP ลำปาง" in unlinked.text and "ทบทวน BCP ระดับกรม" in unlinked.text
    await chat.say("officer", f"ผูกบัญชี {invite.code}")
    mine = await chat.say("officer", "ต้องส่งแผน BCP เมื่อไหร่")
    assert "ทบทวน BCP ลำปาง" in mine.text and "ระดับกรม" not in mine.text
    assert "30 ธันวาคม 2569" in mine.text and "อีก 37 วัน" in mine.text  # the clock says 23 Nov 2569


def test_cli_contract(tmp_path) -> None:
    env = {**os.environ, "DGBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}"}

    def run(*args):
        return subprocess.run(
            [DGBOT, "bcp", "campaign", *args], env=env, capture_output=True, text=True
        )

    made = run(
        "create",
        "--name",
        "รอบ 2570",
        "--deadline",
        "๓๐ มิถุนายน ๒๕๗๐",
        "--level",
        "province",
        "--json",
    )
    assert made.returncode == 0, made.stderr
    data = json.loads(made.stdout)
    assert set(data) == {"id", "deadline"} and data["deadline"] == "2027-06-30T23:59:00+07:00"
    example = json.loads(run("create", "--example", "2563", "--json").stdout)
    assert example["deadline"] == "2020-06-30T23:59:00+07:00"
    bad = run("create", "--name", "x", "--deadline", "31 มิถุนายน 2570", "--json")
    assert bad.returncode != 0 and "out of range" in bad.stderr
    listed = json.loads(run("list", "--json").stdout)
    assert [c["id"] for c in listed] == [data["id"], example["id"]]
    assert run("close", data["id"]).returncode == 0
    assert json.loads(run("list", "--json").stdout)[0]["status"] == "closed"


def test_plan_options_and_submission_import(tmp_path) -> None:
    env = {**os.environ, "DGBOT_DATABASE_URL": f"sqlite:///{tmp_path / 's.db'}"}

    def run(*args):
        return subprocess.run([DGBOT, "bcp", *args], env=env, capture_output=True, text=True)

    made = run(
        "campaign",
        "create",
        "--name",
        "r",
        "--deadline",
        "2027-06-30",
        "--days-before",
        "7,1",
        "--overdue-every",
        "2",
        "--json",
    )
    campaign = json.loads(made.stdout)["id"]
    [listed] = json.loads(run("campaign", "list", "--json").stdout)
    assert listed["reminder_plan"]["days_before"] == [7, 1]
    assert listed["reminder_plan"]["overdue_every_business_days"] == 2
    good = tmp_path / "status.csv"
    good.write_text(
        f"campaign_id,agency_code,status\n{campaign},LPG-05,sent\n{campaign},LPG-07,confirmed\n",
        encoding="utf-8",
    )
    assert "imported 2" in run("submission", "import", str(good)).stdout
    bad = tmp_path / "bad.csv"
    bad.write_text(
        f"campaign_id,agency_code,status\n{campaign},NOPE-01,sent\n{campaign},LPG-04,lost\n",
        encoding="utf-8",
    )
    refused = run("submission", "import", str(bad))
    assert refused.returncode == 1 and "line 2" in refused.stderr and "line 3" in refused.stderr
    assert run("submission", "set", campaign, "LPG-05", "reopened").returncode == 0
