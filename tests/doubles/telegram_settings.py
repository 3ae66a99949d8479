"""Bot settings methods of the Telegram double: setWebhook, deleteWebhook, getWebhookInfo,
setMyCommands, getMyCommands, deleteMyCommands; and the Bot API answer helpers."""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import JSONResponse, Response

from tests.doubles._server import Call
from tests.doubles.telegram_validation import commands_error, webhook_error


def ok(result: Any, description: str | None = None) -> Response:
    """A successful Bot API answer."""
    body = {"ok": True, "result": result, **({"description": description} if description else {})}
    return JSONResponse(body)


def error(code: int, description: str, retry_after: int | None = None) -> Response:
    """A failed Bot API answer (429s carry ``parameters.retry_after``)."""
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return JSONResponse(body, status_code=code)


class SettingsMethods:
    """Mixed into ``TelegramApiDouble``, which owns ``_webhook`` and ``_commands``."""

    _webhook: dict[str, Any] | None
    _commands: dict[tuple[str, str], list[dict[str, str]]]

    @staticmethod
    def _scope_key(scope: Any, language_code: Any) -> tuple[str, str]:
        return json.dumps(scope or {"type": "default"}, sort_keys=True), language_code or ""

    def _set_webhook(self, params: dict[str, Any], call: Call) -> Response:
        url = params.get("url", "")
        problem = webhook_error(url, params.get("secret_token"))
        if problem:
            return error(400, problem)
        self._webhook = dict(params) if url else None
        return ok(True, "Webhook was set" if url else "Webhook was deleted")

    def _delete_webhook(self, params: dict[str, Any], call: Call) -> Response:
        existed, self._webhook = self._webhook is not None, None
        return ok(True, "Webhook was deleted" if existed else "Webhook is already deleted")

    def _get_webhook_info(self, params: dict[str, Any], call: Call) -> Response:
        info: dict[str, Any] = {
            "url": "",
            "has_custom_certificate": False,
            "pending_update_count": 0,
        }
        if self._webhook:
            info.update(
                url=self._webhook["url"],
                ip_address="149.154.167.220",
                max_connections=self._webhook.get("max_connections", 40),
            )
            if self._webhook.get("allowed_updates"):
                info["allowed_updates"] = self._webhook["allowed_updates"]
        return ok(info)

    def _set_my_commands(self, params: dict[str, Any], call: Call) -> Response:
        problem = commands_error(params.get("commands"))
        if problem:
            return error(400, problem)
        key = self._scope_key(params.get("scope"), params.get("language_code"))
        self._commands[key] = params["commands"]
        return ok(True)

    def _get_my_commands(self, params: dict[str, Any], call: Call) -> Response:
        key = self._scope_key(params.get("scope"), params.get("language_code"))
        return ok(self._commands.get(key, []))

    def _delete_my_commands(self, params: dict[str, Any], call: Call) -> Response:
        self._commands.pop(self._scope_key(params.get("scope"), params.get("language_code")), None)
        return ok(True)
