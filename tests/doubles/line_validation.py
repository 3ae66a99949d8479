"""The LINE Messaging API's request-body checks that dgbot can run into, with LINE's wording
(``{"message": "The request body has N error(s)", "details": [{"message", "property"}]}``)."""

from __future__ import annotations

import re
from typing import Any

from tests.doubles._server import utf16_len

MESSAGE_TYPES = [
    "text",
    "textV2",
    "image",
    "video",
    "audio",
    "location",
    "sticker",
    "imagemap",
    "template",
    "flex",
]
ID_PATTERN = re.compile(r"^[UCR][0-9a-f]{32}$")
Details = list[dict[str, str]]


def error_body(details: Details) -> dict[str, Any]:
    """LINE's 400 body for request-body validation errors."""
    return {"message": f"The request body has {len(details)} error(s)", "details": details}


def _add(details: Details, message: str, prop: str) -> None:
    details.append({"message": message, "property": prop})


def _text(details: Details, value: Any, high: int, prop: str, required: bool = True) -> None:
    if value is None or value == "":
        if required:
            _add(details, "May not be empty", prop)
    elif not isinstance(value, str):
        _add(details, "Must be a string", prop)
    elif utf16_len(value) > high:
        _add(details, f"Length must be between 0 and {high}", prop)


def _https(details: Details, value: Any, prop: str) -> None:
    _text(details, value, 2000, prop)
    if isinstance(value, str) and value and not value.startswith("https://"):
        _add(details, "Must be an HTTPS URL", prop)


def _action(details: Details, action: Any, prop: str, label_required: bool) -> None:
    if not isinstance(action, dict) or not action.get("type"):
        _add(details, "May not be null", f"{prop}.type")
        return
    _text(details, action.get("label"), 20, f"{prop}.label", required=label_required)
    if action["type"] == "postback":
        _text(details, action.get("data"), 300, f"{prop}.data")
    elif action["type"] == "message":
        _text(details, action.get("text"), 300, f"{prop}.text")
    elif action["type"] == "uri":
        _text(details, action.get("uri"), 1000, f"{prop}.uri")


def _quick_reply(details: Details, quick_reply: Any, prop: str) -> None:
    items = quick_reply.get("items") if isinstance(quick_reply, dict) else None
    if not isinstance(items, list) or len(items) > 13:
        _add(details, "Size must be between 0 and 13", f"{prop}.items")
        return
    for j, item in enumerate(items):
        item_prop = f"{prop}.items[{j}]"
        if not isinstance(item, dict) or item.get("type") != "action":
            _add(details, "Must be one of the following values: [action]", f"{item_prop}.type")
            continue
        _action(details, item.get("action"), f"{item_prop}.action", label_required=True)


def _message(details: Details, message: Any, prop: str) -> None:
    if not isinstance(message, dict):
        _add(details, "Must be an object", prop)
        return
    kind = message.get("type")
    if kind not in MESSAGE_TYPES:
        values = ", ".join(MESSAGE_TYPES)
        _add(details, f"Must be one of the following values: [{values}]", f"{prop}.type")
        return
    if kind in ("text", "textV2"):
        _text(details, message.get("text"), 5000, f"{prop}.text")
    elif kind == "flex":
        _text(details, message.get("altText"), 1500, f"{prop}.altText")
        contents = message.get("contents")
        if not isinstance(contents, dict):
            _add(details, "May not be empty", f"{prop}.contents")
        elif contents.get("type") not in ("bubble", "carousel"):
            message_ = "Must be one of the following values: [bubble, carousel]"
            _add(details, message_, f"{prop}.contents.type")
        elif contents["type"] == "carousel" and not 1 <= len(contents.get("contents") or []) <= 12:
            _add(details, "Size must be between 1 and 12", f"{prop}.contents.contents")
    elif kind == "image":
        _https(details, message.get("originalContentUrl"), f"{prop}.originalContentUrl")
        _https(details, message.get("previewImageUrl"), f"{prop}.previewImageUrl")
    elif kind == "sticker":
        _text(details, message.get("packageId"), 100, f"{prop}.packageId")
        _text(details, message.get("stickerId"), 100, f"{prop}.stickerId")
    elif kind == "template":
        _text(details, message.get("altText"), 400, f"{prop}.altText")
        if not isinstance(message.get("template"), dict):
            _add(details, "May not be empty", f"{prop}.template")
    if "quickReply" in message:
        _quick_reply(details, message["quickReply"], f"{prop}.quickReply")


def message_errors(messages: Any) -> Details:
    """Problems with a ``messages`` array (1 to 5 message objects)."""
    if not isinstance(messages, list) or not 1 <= len(messages) <= 5:
        return [{"message": "Size must be between 1 and 5", "property": "messages"}]
    details: Details = []
    for i, message in enumerate(messages):
        _message(details, message, f"messages[{i}]")
    return details


def rich_menu_errors(menu: Any) -> Details:
    """Problems with a rich menu object (size, selected, name, chatBarText, areas)."""
    details: Details = []
    if not isinstance(menu, dict):
        return [{"message": "Must be an object", "property": ""}]
    size = menu.get("size")
    width = height = 0
    if not isinstance(size, dict):
        _add(details, "May not be null", "size")
    else:
        width, height = size.get("width"), size.get("height")
        if not isinstance(width, int) or not 800 <= width <= 2500:
            _add(details, "Must be between 800 and 2500", "size.width")
        elif not isinstance(height, int) or height < 250 or width / height < 1.45:
            _add(
                details,
                "Must be at least 250 with a width/height ratio of 1.45 or more",
                "size.height",
            )
    if not isinstance(menu.get("selected"), bool):
        _add(details, "May not be null", "selected")
    _text(details, menu.get("name"), 300, "name")
    _text(details, menu.get("chatBarText"), 14, "chatBarText")
    areas = menu.get("areas")
    if not isinstance(areas, list) or len(areas) > 20:
        _add(details, "Size must be between 0 and 20", "areas")
        return details
    for i, area in enumerate(areas):
        bounds = area.get("bounds") if isinstance(area, dict) else None
        keys = ("x", "y", "width", "height")
        if not isinstance(bounds, dict) or not all(isinstance(bounds.get(k), int) for k in keys):
            _add(details, "May not be null", f"areas[{i}].bounds")
        elif (
            width
            and height
            and (bounds["x"] + bounds["width"] > width or bounds["y"] + bounds["height"] > height)
        ):
            _add(details, "Must be within the rich menu", f"areas[{i}].bounds")
        _action(
            details,
            area.get("action") if isinstance(area, dict) else None,
            f"areas[{i}].action",
            label_required=False,
        )
    return details
