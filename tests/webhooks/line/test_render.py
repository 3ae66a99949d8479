"""LINE rendering stays within LINE's limits and keeps every button and every character."""

from __future__ import annotations

from linebot.v3.messaging import Message

from bot.messages import Button, Reply
from webhooks.line.render import batches, render


def test_titled_reply_is_a_flex_bubble_with_buttons_and_quick_replies() -> None:
    buttons = tuple(
        Button(f"ปุ่มที่มีชื่อยาวมากเกินกว่ายี่สิบตัวอักษร {n}", f"ind:2560:1.{n}") for n in range(1, 7)
    )
    messages = render(
        [Reply("ข้อความ", title="2.3 Leadership Continuity Plan", buttons=buttons)], None
    )
    assert len(messages) == 1 and messages[0]["type"] == "flex"
    bubble = messages[0]["contents"]
    assert bubble["header"]["contents"][0]["text"] == "2.3 Leadership Continuity Plan"
    assert len(bubble["footer"]["contents"]) == 4
    items = messages[0]["quickReply"]["items"]
    assert len(items) == 6 and all(len(i["action"]["label"]) <= 20 for i in items)
    assert items[0]["action"]["data"] == "ind:2560:1.1"
    Message.from_dict(messages[0])  # the SDK accepts it


def test_long_text_is_split_and_nothing_is_lost() -> None:
    text = "\n".join(f"{n}. " + "ข้อความยาว " * 40 for n in range(40))
    messages = render([Reply(text)], None)
    assert all(len(m["text"]) <= 5000 for m in messages) and len(messages) > 1
    assert "".join(m["text"] for m in messages).split() == text.split()


def test_flex_body_texts_are_split_too() -> None:
    messages = render([Reply("ก" * 4500, title="t")], None)
    parts = messages[0]["contents"]["body"]["contents"]
    assert len(parts) == 3 and all(len(p["text"]) <= 2000 for p in parts)
    assert len(messages[0]["altText"]) <= 400


def test_images_need_a_public_base_url() -> None:
    reply = Reply("chart", image_url="/media/abc.png")
    assert [m["type"] for m in render([reply], None)] == ["text"]
    with_url = render([reply], "https://bot.example.go.th")
    assert with_url[0] == {
        "type": "image",
        "originalContentUrl": "https://bot.example.go.th/media/abc.png",
        "previewImageUrl": "https://bot.example.go.th/media/abc.png",
    }


def test_batches_of_five() -> None:
    messages = render([Reply(f"m{n}") for n in range(12)], None)
    assert [len(b) for b in batches(messages)] == [5, 5, 2]
