"""Telegram rendering limits and update translation (PTB's own Update parser)."""

from __future__ import annotations

from telegram import Bot, Update

from bot.messages import Button, Reply
from webhooks.telegram.render import render
from webhooks.telegram.translate import command_text, to_inbound


def test_keyboard_two_a_row_and_long_payloads_left_out() -> None:
    buttons = (Button("a", "ind:2560:1.1"), Button("b", "ind:2560:1.2"), Button("c", "x" * 65))
    [message] = render([Reply("t", title="T", buttons=buttons)])
    rows = message.keyboard.inline_keyboard
    assert [[b.callback_data for b in row] for row in rows] == [["ind:2560:1.1", "ind:2560:1.2"]]
    assert message.text == "T\nt"


def test_long_text_split_keyboard_on_the_last_part() -> None:
    parts = render([Reply("ข" * 9000, buttons=(Button("x", "more"),))])
    assert [len(p.text) for p in parts] == [4096, 4096, 808]
    assert parts[0].keyboard is None and parts[-1].keyboard is not None


def test_chart_becomes_a_photo_with_a_short_caption() -> None:
    [message] = render([Reply("ค" * 2000, image_url="/media/t.png")])
    assert message.photo_path == "/media/t.png" and len(message.text) <= 1024


def test_commands() -> None:
    assert command_text("/score@dgbot_bot", None) == "คะแนนของเรา"
    assert command_text("/score", "en") == "what is our score"
    assert command_text("/link ABCD-EFGH", None) == "/link ABCD-EFGH"
    assert command_text("/lang@dgbot_bot en", None) == "/lang en"


def update(data: dict) -> Update:
    return Update.de_json(data, Bot("123:ABC"))


def test_translate_text_callback_and_membership() -> None:
    chat = {"id": 42, "type": "private"}
    user = {"id": 42, "is_bot": False, "first_name": "A", "language_code": "en"}
    text = update(
        {
            "update_id": 1,
            "message": {"message_id": 1, "date": 0, "chat": chat, "from": user, "text": "hello"},
        }
    )
    inbound = to_inbound(text)
    assert (inbound.user_id, inbound.text, inbound.language) == ("42", "hello", "en")
    press = update(
        {
            "update_id": 2,
            "callback_query": {
                "id": "q",
                "from": user,
                "chat_instance": "c",
                "data": "more",
                "message": {"message_id": 2, "date": 0, "chat": chat, "text": "x"},
            },
        }
    )
    assert to_inbound(press).action == "more"
    kicked = update(
        {
            "update_id": 3,
            "my_chat_member": {
                "chat": chat,
                "from": user,
                "date": 0,
                "old_chat_member": {
                    "status": "member",
                    "user": {"id": 1, "is_bot": True, "first_name": "b"},
                },
                "new_chat_member": {
                    "status": "kicked",
                    "until_date": 0,
                    "user": {"id": 1, "is_bot": True, "first_name": "b"},
                },
            },
        }
    )
    assert to_inbound(kicked).event == "blocked"
    sticker = update(
        {
            "update_id": 4,
            "message": {
                "message_id": 3,
                "date": 0,
                "chat": chat,
                "from": user,
                "sticker": {
                    "file_id": "f",
                    "file_unique_id": "u",
                    "width": 1,
                    "height": 1,
                    "is_animated": False,
                    "is_video": False,
                    "type": "regular",
                },
            },
        }
    )
    assert to_inbound(sticker).event == "unsupported"
    group = update(
        {
            "update_id": 5,
            "message": {
                "message_id": 4,
                "date": 0,
                "chat": {"id": -5, "type": "group", "title": "g"},
                "from": user,
                "text": "hi",
            },
        }
    )
    assert to_inbound(group) is None
