"""Chat platforms as real HTTP servers speaking their protocol, for the real SDK clients to be
pointed at (never monkeypatch the SDK): ``LineApiDouble`` and ``TelegramApiDouble``."""

from tests.doubles._server import Call, Upload
from tests.doubles.line_api import Delivery, LineApiDouble
from tests.doubles.telegram_api import TelegramApiDouble

__all__ = ["Call", "Delivery", "LineApiDouble", "TelegramApiDouble", "Upload"]
