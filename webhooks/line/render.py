"""The core's replies as LINE messages: Flex bubbles (title, text, buttons), text with quick
replies, and images; within LINE's limits (5 messages a request, 5,000 characters a text,
13 quick replies, 20-character quick-reply labels, 300-byte postback data)."""

from __future__ import annotations

from linebot.v3.messaging import Message

from bot.chunks import split_text
from bot.messages import Button, Reply

MAX_MESSAGES = 5
TEXT_LIMIT = 5000
FLEX_TEXT_LIMIT = 2000
ALT_TEXT_LIMIT = 400
QUICK_REPLIES = 13
FOOTER_BUTTONS = 4


def _label(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_link(action: str) -> bool:
    """A button that opens a web page rather than coming back as a postback."""
    return action.startswith(("https://", "http://"))


def _postback(button: Button, limit: int) -> dict:
    if is_link(button.action):
        return {"type": "uri", "label": _label(button.label, limit), "uri": button.action[:1000]}
    return {
        "type": "postback",
        "label": _label(button.label, limit),
        "data": button.action[:300],
        "displayText": _label(button.label, 300),
    }


def _quick_replies(buttons: tuple[Button, ...]) -> dict:
    return {
        "items": [{"type": "action", "action": _postback(b, 20)} for b in buttons[:QUICK_REPLIES]]
    }


def _bubble(reply: Reply) -> dict:
    body = [
        {"type": "text", "text": part, "wrap": True, "size": "sm"}
        for part in split_text(reply.text, FLEX_TEXT_LIMIT)
    ]
    bubble: dict = {
        "type": "bubble",
        "size": "giga",
        "body": {"type": "box", "layout": "vertical", "spacing": "sm", "contents": body},
    }
    if reply.title:
        bubble["header"] = {
            "type": "box",
            "layout": "vertical",
            "contents": [
                {
                    "type": "text",
                    "text": _label(reply.title, 200),
                    "weight": "bold",
                    "wrap": True,
                    "color": "#0b3d6b",
                }
            ],
        }
    if reply.buttons:
        bubble["footer"] = {
            "type": "box",
            "layout": "vertical",
            "spacing": "xs",
            "contents": [
                {"type": "button", "style": "link", "height": "sm", "action": _postback(b, 40)}
                for b in reply.buttons[:FOOTER_BUTTONS]
            ],
        }
    return bubble


def render(replies: list[Reply], public_base_url: str | None) -> list[dict]:
    """LINE message objects (plain dicts, LINE's JSON) for ``replies``, in order."""
    messages: list[dict] = []
    for reply in replies:
        if reply.image_url and public_base_url:
            url = public_base_url + reply.image_url
            messages.append({"type": "image", "originalContentUrl": url, "previewImageUrl": url})
        if reply.title or reply.buttons:
            alt = _label((reply.title + ": " if reply.title else "") + reply.text, ALT_TEXT_LIMIT)
            messages.append({"type": "flex", "altText": alt, "contents": _bubble(reply)})
        elif reply.text.strip():  # (a picture alone has no text)
            messages += [
                {"type": "text", "text": part} for part in split_text(reply.text, TEXT_LIMIT)
            ]
    buttons = next((r.buttons for r in reversed(replies) if r.buttons), ())
    if messages and buttons:
        messages[-1]["quickReply"] = _quick_replies(buttons)
    return messages


def batches(messages: list[dict]) -> list[list[Message]]:
    """SDK message objects in requests of at most five."""
    objects = [Message.from_dict(m) for m in messages]
    return [objects[i : i + MAX_MESSAGES] for i in range(0, len(objects), MAX_MESSAGES)]
