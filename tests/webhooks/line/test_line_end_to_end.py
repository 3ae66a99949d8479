"""LINE end to end: signed webhooks into the real app, answers through the real SDK to the
LINE API double, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading

from sqlalchemy import select

from db.tables import ChatAccount, InboundEvent, OutboxMessage, Person
from tests.doubles.line_api import line_user_id
from tests.doubles.line_events import (
    follow_event,
    line_event_body,
    postback_event,
    sign,
    sticker_event,
    text_event,
    unfollow_event,
    webhook_event_id,
)
from tests.serving import lampang_officer_code
from tests.webhooks.conftest import LINE_SECRET, Channels, texts

USER = line_user_id("officer-lampang")


def post(channels: Channels, *events: dict, signature: str | None = None):
    body = line_event_body(list(events))
    headers = {
        "X-Line-Signature": signature if signature is not None else sign(body, LINE_SECRET),
        "Content-Type": "application/json",
    }
    return channels.client.post("/webhooks/line", content=body, headers=headers)


def say(channels: Channels, text: str, user: str = USER, event_id: str | None = None) -> list[dict]:
    """Send a text event, let the app handle it, return the messages the user got for it."""
    before = len(channels.line.messages_to(user))
    token = channels.line.issue_reply_token(user)
    assert (
        post(channels, text_event(user, text, token, webhook_event_id=event_id)).status_code == 200
    )
    channels.settle()
    return channels.line.messages_to(user)[before:]


def test_officer_conversation(channels: Channels) -> None:
    channels.line.add_user(USER, language="th")
    code = lampang_officer_code(channels.database_url)
    token = channels.line.issue_reply_token(USER)
    assert post(channels, follow_event(USER, token)).status_code == 200
    channels.settle()
    welcome = texts(channels.line.messages_to(USER))
    assert "ข้อมูลส่วนบุคคล" in welcome and "สวัสดีครับ" in welcome  # privacy notice first

    assert "เรียบร้อย" in texts(say(channels, f"ผูกบัญชี {code}"))
    answer = say(channels, "แผนการสานต่อภารกิจ ควรทำอย่างไร")
    assert answer[0]["type"] == "flex" and "Leadership Continuity Plan" in texts(answer)
    assert answer[-1]["quickReply"]["items"]

    report = say(channels, "คะแนนของเราเป็นอย่างไร")
    assert "Smart Back Office 45.8" in texts(report)
    before = len(channels.line.messages_to(USER))
    press = postback_event(USER, "rep:LPG-00:2560:chart", channels.line.issue_reply_token(USER))
    assert post(channels, press).status_code == 200
    channels.settle()
    chart = channels.line.messages_to(USER)[before:]
    assert chart[0]["type"] == "image"
    assert chart[0]["originalContentUrl"].startswith("https://dgbot.example.go.th/media/")
    path = chart[0]["originalContentUrl"].removeprefix("https://dgbot.example.go.th")
    assert channels.client.get(path).content.startswith(b"\x89PNG")


def test_redelivery_and_concurrent_duplicates_answer_once(channels: Channels) -> None:
    event_id = webhook_event_id()
    token = channels.line.issue_reply_token(USER)
    event = text_event(USER, "ข้อ 2.4", token, webhook_event_id=event_id)
    assert post(channels, event).status_code == 200
    channels.settle()
    again = text_event(USER, "ข้อ 2.4", token, webhook_event_id=event_id, redelivery=True)
    assert post(channels, again).status_code == 200
    channels.settle()
    twin_id = webhook_event_id()
    twin = text_event(
        USER, "มิติที่ 3", channels.line.issue_reply_token(USER), webhook_event_id=twin_id
    )
    threads = [threading.Thread(target=post, args=(channels, twin)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    channels.settle()
    replies = [c for c in channels.line.calls if c.path.endswith("/message/reply")]
    assert len(replies) == 2
    assert len(channels.query(select(InboundEvent))) == 2


def test_forged_or_missing_signature_is_refused_and_nothing_is_stored(channels: Channels) -> None:
    event = text_event(USER, "ข้อ 2.4", channels.line.issue_reply_token(USER))
    assert post(channels, event, signature="Zm9yZ2Vk").status_code == 400
    body = line_event_body([event])
    assert channels.client.post("/webhooks/line", content=body).status_code == 400
    channels.settle()
    assert channels.query(select(InboundEvent)) == []
    assert [c for c in channels.line.calls if "/message/" in c.path] == []


def test_signed_but_malformed_bodies_are_refused_and_nothing_is_stored(
    channels: Channels,
) -> None:
    for body in (b"not json", b"[]", b'{"destination": "U1"}', b'{"events": [1, 2]}', b"\xff"):
        headers = {"X-Line-Signature": sign(body, LINE_SECRET), "Content-Type": "application/json"}
        assert (
            channels.client.post("/webhooks/line", content=body, headers=headers).status_code == 400
        )
    assert channels.query(select(InboundEvent)) == []


def test_connectivity_check_is_200(channels: Channels) -> None:
    assert post(channels).status_code == 200


def test_sticker_gets_please_type(channels: Channels) -> None:
    token = channels.line.issue_reply_token(USER)
    assert post(channels, sticker_event(USER, token)).status_code == 200
    channels.settle()
    assert "กรุณาพิมพ์คำถาม" in texts(channels.line.messages_to(USER))


def test_expired_reply_token_falls_back_to_a_push_with_a_retry_key(channels: Channels) -> None:
    token = channels.line.issue_reply_token(USER)
    channels.clock.advance(seconds=61)  # the double's reply tokens live 60 seconds
    assert post(channels, text_event(USER, "ข้อ 2.4", token)).status_code == 200
    channels.settle()
    pushes = [c for c in channels.line.calls if c.path.endswith("/message/push")]
    assert len(pushes) == 1 and pushes[0].headers["x-line-retry-key"]
    assert "Digital Literacy" in texts(channels.line.messages_to(USER))


def test_unfollow_marks_the_account_inactive_and_follow_reactivates(channels: Channels) -> None:
    code = lampang_officer_code(channels.database_url)
    say(channels, f"link {code}")
    assert post(channels, unfollow_event(USER)).status_code == 200
    channels.settle()
    [account] = channels.query(select(ChatAccount))
    assert account.active is False
    assert (
        post(channels, follow_event(USER, channels.line.issue_reply_token(USER))).status_code == 200
    )
    channels.settle()
    [account] = channels.query(select(ChatAccount))
    assert account.active is True


def test_forget_deletes_everything_after_confirmation(channels: Channels) -> None:
    code = lampang_officer_code(channels.database_url)
    say(channels, f"link {code}")
    ask = say(channels, "/forget")
    assert "forget:yes" in texts(ask)
    assert channels.query(select(Person))  # nothing deleted yet
    press = postback_event(USER, "forget:yes", channels.line.issue_reply_token(USER))
    assert post(channels, press).status_code == 200
    channels.settle()
    assert channels.query(select(Person)) == [] and channels.query(select(ChatAccount)) == []
    assert channels.query(select(OutboxMessage)) == []
    assert "ลบข้อมูลทั้งหมด" in texts(channels.line.messages_to(USER)[-1:])


def test_longest_text_with_emoji_and_mixed_scripts(channels: Channels) -> None:
    text = ("🙂 ข้อ 2.4 digital ลิเทอเรซี่ 日本語 " + "ก" * 5000)[:5000]
    answer = say(channels, text)
    assert answer and all(len(m.get("text", "")) <= 5000 for m in answer)
