"""Telegram end to end: updates with the secret token into the real app, answers through
python-telegram-bot to the Bot API double, on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
import json
import threading

from sqlalchemy import select

from db.tables import ChatAccount, InboundEvent, Person
from tests.doubles.telegram_updates import (
    callback_update,
    my_chat_member_update,
    sticker_update,
    text_update,
)
from tests.serving import lampang_officer_code
from tests.webhooks.conftest import TELEGRAM_SECRET, Channels, texts

CHAT = 424242
_updates = itertools.count(1000)


def post(channels: Channels, update: dict, secret: str | None = TELEGRAM_SECRET):
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    return channels.client.post("/webhooks/telegram", content=json.dumps(update), headers=headers)


def say(channels: Channels, text: str, language: str = "th") -> list[dict]:
    before = len(channels.telegram.messages_to(CHAT))
    assert (
        post(channels, text_update(next(_updates), CHAT, text, language_code=language)).status_code
        == 200
    )
    channels.settle()
    return channels.telegram.messages_to(CHAT)[before:]


def test_officer_conversation_with_buttons_and_chart(channels: Channels) -> None:
    code = lampang_officer_code(channels.database_url)
    first = say(channels, "/start")
    assert "ข้อมูลส่วนบุคคล" in texts(first[:1])
    assert "เรียบร้อย" in texts(say(channels, f"/link {code}"))
    answer = say(channels, "indicator 3.3")
    assert "Promote for Using Digital Service" in texts(answer)
    report = say(channels, "/score")
    assert "Smart Back Office 45.8" in texts(report)
    keyboard = report[-1]["reply_markup"]["inline_keyboard"]
    chart_data = next(
        b["callback_data"] for row in keyboard for b in row if b["callback_data"].endswith(":chart")
    )
    message_id = report[-1]["message_id"]
    before = len(channels.telegram.messages_to(CHAT))
    assert (
        post(channels, callback_update(next(_updates), CHAT, chart_data, message_id)).status_code
        == 200
    )
    channels.settle()
    photo = channels.telegram.messages_to(CHAT)[before:]
    assert "photo" in photo[0]
    assert channels.telegram.callback_answers  # the button press was acknowledged


def test_english_from_the_profile_language(channels: Channels) -> None:
    press = callback_update(next(_updates), CHAT, "help", 1, language_code="en")
    assert post(channels, press).status_code == 200
    channels.settle()
    assert "Privacy" in texts(channels.telegram.messages_to(CHAT))


def test_repeated_update_id_is_answered_once(channels: Channels) -> None:
    update = text_update(next(_updates), CHAT, "ข้อ 2.4")
    threads = [threading.Thread(target=post, args=(channels, update)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert post(channels, update).status_code == 200
    channels.settle()
    assert len(channels.query(select(InboundEvent))) == 1
    sends = [c for c in channels.telegram.calls if c.path.endswith("/sendMessage")]
    assert len(sends) == 2  # the privacy notice and the answer, once


def test_wrong_or_missing_secret_is_403_and_nothing_is_stored(channels: Channels) -> None:
    update = text_update(next(_updates), CHAT, "ข้อ 2.4")
    assert post(channels, update, secret="wrong").status_code == 403
    assert post(channels, update, secret=None).status_code == 403
    assert channels.query(select(InboundEvent)) == []


def test_blocked_and_unblocked(channels: Channels) -> None:
    say(channels, "/mute")
    assert post(channels, my_chat_member_update(next(_updates), CHAT, "kicked")).status_code == 200
    channels.settle()
    [account] = channels.query(select(ChatAccount))
    assert account.active is False and account.muted is True
    assert post(channels, my_chat_member_update(next(_updates), CHAT, "member")).status_code == 200
    channels.settle()
    [account] = channels.query(select(ChatAccount))
    assert account.active is True


def test_blocked_while_answering_marks_the_account_inactive(channels: Channels) -> None:
    say(channels, "/mute")
    channels.telegram.block(CHAT)
    assert post(channels, text_update(next(_updates), CHAT, "ข้อ 2.4")).status_code == 200
    channels.settle()
    [account] = channels.query(select(ChatAccount))
    assert account.active is False


def test_stickers_get_please_type(channels: Channels) -> None:
    assert post(channels, sticker_update(next(_updates), CHAT)).status_code == 200
    channels.settle()
    assert "กรุณาพิมพ์คำถาม" in texts(channels.telegram.messages_to(CHAT))


def test_forget(channels: Channels) -> None:
    code = lampang_officer_code(channels.database_url)
    say(channels, f"/link {code}")
    ask = say(channels, "/forget")
    message_id = ask[-1]["message_id"]
    assert (
        post(channels, callback_update(next(_updates), CHAT, "forget:yes", message_id)).status_code
        == 200
    )
    channels.settle()
    assert channels.query(select(Person)) == [] and channels.query(select(ChatAccount)) == []


def test_longest_text_with_emoji_and_mixed_scripts(channels: Channels) -> None:
    text = ("🙂 indicator 2.4 ดิจิทัล 日本語 " + "ข" * 4096)[:4096]
    answer = say(channels, text)
    assert answer and all(len(m.get("text", "")) <= 4096 for m in answer)
