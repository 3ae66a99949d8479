"""``dgbot broadcast`` as real processes, delivered by a real ``dgbot serve`` to the doubles."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

from PIL import Image
from sqlalchemy import select

from app.database import create_engine, prepare_database, session_factory
from db.tables import ChatAccount, Person, RoleGrant
from tests.doubles.line_api import LineApiDouble, line_user_id
from tests.doubles.telegram_api import TelegramApiDouble
from tests.serving import dgbot_command, running_server
from tests.webhooks.conftest import LINE_SECRET, PUBLIC, TELEGRAM_SECRET


async def seed(database_url: str, accounts: list[tuple[str, str, bool]]) -> None:
    engine = create_engine(database_url)
    try:
        await prepare_database(engine)
        now = datetime.now(UTC)
        async with session_factory(engine)() as session, session.begin():
            for channel, user, muted in accounts:
                person = Person(language="th", created_at=now)
                session.add(person)
                await session.flush()
                session.add(
                    RoleGrant(
                        person_id=person.id, role="officer", agency_code="LPG-01", created_at=now
                    )
                )
                session.add(
                    ChatAccount(
                        person_id=person.id,
                        channel=channel,
                        platform_user_id=user,
                        active=True,
                        muted=muted,
                        created_at=now,
                    )
                )
            await session.flush()
            assert await session.scalar(select(ChatAccount.id).limit(1))
    finally:
        await engine.dispose()


async def test_create_preview_confirm_status_and_cancel(database_url: str, tmp_path) -> None:
    with LineApiDouble() as line, TelegramApiDouble() as telegram:
        env = {
            "DGBOT_LINE_CHANNEL_SECRET": LINE_SECRET,
            "DGBOT_LINE_CHANNEL_ACCESS_TOKEN": line.access_token,
            "DGBOT_LINE_API_BASE_URL": line.base_url,
            "DGBOT_TELEGRAM_BOT_TOKEN": telegram.token,
            "DGBOT_TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
            "DGBOT_TELEGRAM_API_BASE_URL": telegram.base_url,
            "DGBOT_PUBLIC_BASE_URL": PUBLIC,
        }

        def cli(*args: str, check: bool = True):
            return dgbot_command(*args, database_url=database_url, extra_env=env, check=check)

        users = [
            ("telegram", "810001", False),
            ("telegram", "810002", False),
            ("line", line_user_id("cli-1"), False),
            ("telegram", "810003", True),
        ]
        await seed(database_url, users)
        text = "แบบสำรวจความพร้อมรัฐบาลดิจิทัล พ.ศ. 2570 เปิดแล้ว ถึง 15 สิงหาคม"

        preview = cli("broadcast", "preview", "--text", text, "--audience", "all")
        assert "recipients: 3 (line 1, telegram 2)" in preview.stdout
        assert "left out: 1 (ปิดการแจ้งเตือน 1)" in preview.stdout and text in preview.stdout

        poster = tmp_path / "poster.png"
        Image.new("RGB", (64, 32), "navy").save(poster)
        (tmp_path / "poster.gif").write_bytes(b"GIF89a")
        made = json.loads(
            cli(
                "broadcast",
                "create",
                "--text",
                text,
                "--audience",
                "all",
                "--image",
                str(poster),
                "--yes",
                "--json",
            ).stdout
        )
        assert set(made) == {"id", "recipients"}
        assert isinstance(made["id"], str) and made["recipients"] == 3
        drafted = json.loads(
            cli("broadcast", "create", "--text", text, "--audience", "all", "--json").stdout
        )
        assert (
            json.loads(cli("broadcast", "status", drafted["id"], "--json").stdout)["state"]
            == "draft"
        )
        listed = json.loads(cli("broadcast", "list", "--json").stdout)
        assert drafted["id"] not in {row["id"] for row in listed}

        later = json.loads(
            cli(
                "broadcast",
                "create",
                "--text",
                text,
                "--audience",
                "role=officer",
                "--at",
                "พรุ่งนี้ 09:00",
                "--yes",
                "--json",
            ).stdout
        )
        cli("broadcast", "cancel", later["id"])
        cancelled = json.loads(cli("broadcast", "status", later["id"], "--json").stdout)
        assert cancelled["state"] == "cancelled"

        with running_server(database_url, extra_env=env):
            deadline = time.monotonic() + 60
            while True:
                status = json.loads(cli("broadcast", "status", made["id"], "--json").stdout)
                if status["state"] == "done" or time.monotonic() > deadline:
                    break
                time.sleep(0.2)  # polling a real server process
        assert status == {
            "id": made["id"],
            "state": "done",
            "recipients": 3,
            "sent": 3,
            "failed": 0,
            "blocked": 0,
            "skipped": 1,
        }
        photo, card = telegram.messages_to(810001)
        assert "photo" in photo and card["text"] == f"ประกาศจาก dgbot\n{text}"
        image = line.messages_to(line_user_id("cli-1"))[0]
        assert image["originalContentUrl"].startswith(PUBLIC)
        assert [m["type"] for m in line.messages_to(line_user_id("cli-1"))] == ["image", "flex"]
        assert not telegram.messages_to(810003)

        refused = cli("broadcast", "create", "--text", "x", "--audience", "colour=red", check=False)
        assert refused.returncode == 1 and "not an audience key" in refused.stderr
        gif = cli(
            "broadcast",
            "create",
            "--text",
            "x",
            "--audience",
            "all",
            "--image",
            str(tmp_path / "poster.gif"),
            check=False,
        )
        assert gif.returncode == 1 and "PNG or JPEG" in gif.stderr
        missing = cli("broadcast", "status", "nope", check=False)
        assert missing.returncode == 1 and "no broadcast nope" in missing.stderr
