"""Try the real chat path locally, without a LINE or Telegram account.

``dgbot simulate api`` runs a small stand-in for both platforms' APIs that accepts what dgbot
sends and records it; start ``dgbot serve`` with ``DGBOT_LINE_API_BASE_URL`` and
``DGBOT_TELEGRAM_API_BASE_URL`` pointing at it; ``dgbot simulate line|telegram TEXT`` then
signs and posts a webhook to the server exactly as the platform would and prints what the bot
sent back.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import time
import uuid

import httpx
from fastapi import FastAPI, Request

_ids = itertools.count(1)


def capture_app() -> FastAPI:
    """The stand-in API: records every call, answers like the platforms do."""
    app = FastAPI(title="dgbot simulator API")
    app.state.calls = []

    def record(platform: str, method: str, body: object) -> int:
        number = next(_ids)
        app.state.calls.append({"n": number, "platform": platform, "method": method, "body": body})
        return number

    @app.get("/_dgbot/calls")
    async def calls(after: int = 0) -> list[dict]:
        return [c for c in app.state.calls if c["n"] > after]

    @app.api_route("/v2/bot/{path:path}", methods=["GET", "POST", "DELETE"])
    async def line(path: str, request: Request) -> dict:
        raw = await request.body()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = f"<{len(raw)} bytes>"
        record("line", f"{request.method} {path}", body)
        if path.startswith("profile/"):
            return {
                "userId": path.split("/", 1)[1],
                "displayName": "Simulated user",
                "language": "th",
            }
        if path == "richmenu":
            return {"richMenuId": f"richmenu-{uuid.uuid4().hex}"}
        if path.startswith("message/"):
            return {"sentMessages": [{"id": str(next(_ids)), "quoteToken": uuid.uuid4().hex}]}
        return {}

    @app.post("/bot{token}/{method}")
    async def telegram(token: str, method: str, request: Request) -> dict:
        form = await request.form() if "form" in request.headers.get("content-type", "") else None
        if form is not None:
            body = {
                k: (v if isinstance(v, str) else f"<file {getattr(v, 'filename', '')}>")
                for k, v in form.items()
            }
        else:
            raw = await request.body()
            body = json.loads(raw) if raw else {}
        record("telegram", method, body)
        if method == "getMe":
            result: object = {
                "id": 1,
                "is_bot": True,
                "first_name": "dgbot",
                "username": "dgbot_sim_bot",
            }
        elif method in {"sendMessage", "sendPhoto"}:
            chat = int(body.get("chat_id", 0))
            result = {
                "message_id": next(_ids),
                "date": int(time.time()),
                "chat": {"id": chat, "type": "private"},
                "text": body.get("text", ""),
            }
        else:
            result = True
        return {"ok": True, "result": result}

    return app


def line_signature(body: bytes, secret: str) -> str:
    """``X-Line-Signature``: base64 HMAC-SHA256 of the raw body with the channel secret."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def line_body(text: str, user_id: str) -> bytes:
    """A LINE webhook body with one text message event."""
    event = {
        "type": "message",
        "mode": "active",
        "timestamp": int(time.time() * 1000),
        "source": {"type": "user", "userId": user_id},
        "webhookEventId": uuid.uuid4().hex.upper()[:26],
        "deliveryContext": {"isRedelivery": False},
        "replyToken": uuid.uuid4().hex,
        "message": {
            "id": str(next(_ids)),
            "type": "text",
            "quoteToken": uuid.uuid4().hex,
            "text": text,
        },
    }
    return json.dumps({"destination": "Usimulator", "events": [event]}, ensure_ascii=False).encode()


def telegram_body(text: str, chat_id: int) -> bytes:
    """A Telegram update with one private text message."""
    update = {
        "update_id": int(time.time() * 1000) % 2_000_000_000,
        "message": {
            "message_id": next(_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "Sim", "language_code": "th"},
            "text": text,
        },
    }
    return json.dumps(update, ensure_ascii=False).encode()


def simulate(
    *, channel: str, text: str, server: str, api: str, secret: str, user: str, wait: float
) -> list[dict]:
    """Post one signed webhook to ``server`` and return the calls the bot made to ``api``."""
    with httpx.Client(timeout=10) as client:
        seen = client.get(f"{api}/_dgbot/calls").json()
        after = seen[-1]["n"] if seen else 0
        if channel == "line":
            body = line_body(text, user)
            headers = {
                "X-Line-Signature": line_signature(body, secret),
                "Content-Type": "application/json",
            }
        else:
            body = telegram_body(text, int(user) if user.isdigit() else 4242)
            headers = {
                "X-Telegram-Bot-Api-Secret-Token": secret,
                "Content-Type": "application/json",
            }
        answer = client.post(f"{server}/webhooks/{channel}", content=body, headers=headers)
        answer.raise_for_status()
        deadline = time.monotonic() + wait
        found: list[dict] = []
        while time.monotonic() < deadline:  # the bot answers after acknowledging: poll briefly
            found = [
                c
                for c in client.get(f"{api}/_dgbot/calls", params={"after": after}).json()
                if c["method"] not in {"answerCallbackQuery", "getMe"}
            ]
            if found:
                time.sleep(0.3)  # let the rest of a multi-message answer arrive
                return client.get(f"{api}/_dgbot/calls", params={"after": after}).json()
            time.sleep(0.1)
        return found
