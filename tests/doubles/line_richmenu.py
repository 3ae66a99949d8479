"""Rich-menu endpoints of the LINE double (``/v2/bot/richmenu...``, ``/v2/bot/user/all/...``);
the image upload is the api-data.line.me path."""

from __future__ import annotations

import re
import secrets
import uuid
from typing import Any

from starlette.responses import JSONResponse, Response

from tests.doubles._server import Call, image_kind, png_size
from tests.doubles.line_validation import error_body, rich_menu_errors


def answer(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    """A LINE-style JSON answer; every LINE response carries an ``x-line-request-id``."""
    headers = {"x-line-request-id": str(uuid.uuid4()), **(headers or {})}
    return JSONResponse(body, status_code=status, headers=headers)


class RichMenuRoutes:
    """Mixed into ``LineApiDouble``; state: ``_menus``, ``_images``, ``_default_menu``."""

    _menus: dict[str, dict[str, Any]]
    _images: dict[str, bytes]
    _default_menu: str | None

    # -- rich menus --------------------------------------------------------------------------
    def _menu_or_404(self, menu_id: str) -> Response | None:
        if menu_id not in self._menus:
            return answer(404, {"message": "Not found"})
        return None

    def _create_menu(self, call: Call, _: re.Match[str]) -> Response:
        details = rich_menu_errors(call.json)
        if details:
            return answer(400, error_body(details))
        menu_id = f"richmenu-{secrets.token_hex(16)}"
        self._menus[menu_id] = {"richMenuId": menu_id, **call.json}
        return answer(200, {"richMenuId": menu_id})

    def _list_menus(self, call: Call, _: re.Match[str]) -> Response:
        return answer(200, {"richmenus": list(self._menus.values())})

    def _get_menu(self, call: Call, match: re.Match[str]) -> Response:
        return self._menu_or_404(match["menu"]) or answer(200, self._menus[match["menu"]])

    def _delete_menu(self, call: Call, match: re.Match[str]) -> Response:
        missing = self._menu_or_404(match["menu"])
        if missing is not None:
            return missing
        del self._menus[match["menu"]]
        self._images.pop(match["menu"], None)
        if self._default_menu == match["menu"]:
            self._default_menu = None
        return answer(200, {})

    def _upload_image(self, call: Call, match: re.Match[str]) -> Response:
        menu_id = match["menu"]
        missing = self._menu_or_404(menu_id)
        if missing is not None:
            return missing
        content_type = call.headers.get("content-type", "").split(";")[0].strip()
        if content_type not in ("image/png", "image/jpeg"):
            return answer(415, {"message": "Unsupported Media Type"})
        if image_kind(call.body) != content_type.removeprefix("image/"):
            return answer(400, {"message": f"The image could not be read as {content_type}"})
        if len(call.body) > 1024 * 1024:
            return answer(400, {"message": "The image size must be 1MB or less"})
        if menu_id in self._images:
            return answer(400, {"message": "An image has already been uploaded to the richmenu"})
        menu_size = self._menus[menu_id]["size"]
        size = png_size(call.body)
        if size is not None and size != (menu_size["width"], menu_size["height"]):
            return answer(400, {"message": "The image size must be the same as the rich menu size"})
        self._images[menu_id] = call.body
        return answer(200, {})

    def _set_default(self, call: Call, match: re.Match[str]) -> Response:
        missing = self._menu_or_404(match["menu"])
        if missing is not None:
            return missing
        if match["menu"] not in self._images:
            return answer(400, {"message": "must upload richmenu image before applying it to user"})
        self._default_menu = match["menu"]
        return answer(200, {})

    def _get_default(self, call: Call, _: re.Match[str]) -> Response:
        if self._default_menu is None:
            return answer(404, {"message": "no default richmenu"})
        return answer(200, {"richMenuId": self._default_menu})

    def _clear_default(self, call: Call, _: re.Match[str]) -> Response:
        self._default_menu = None
        return answer(200, {})
