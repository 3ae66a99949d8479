"""``POST /webhooks/line`` and ``POST /webhooks/telegram``: verify, store, answer 200 at once.

Handling happens after the answer (LINE wants one within 2 seconds whatever the work).
A channel without credentials is off and its route answers 404.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from webhooks.channel import WebhookRejected

log = logging.getLogger("dgbot.webhooks")
router = APIRouter()


async def _receive(channel: str, request: Request) -> JSONResponse:
    adapter = request.app.state.channels.get(channel)
    metrics = request.app.state.metrics
    if adapter is None:
        return JSONResponse({"detail": f"{channel} is not configured"}, status_code=404)
    body = await request.body()
    try:
        envelopes = adapter.events(body, {k.lower(): v for k, v in request.headers.items()})
    except WebhookRejected as rejected:
        log.warning("%s webhook refused: %s", channel, rejected)
        metrics.webhook_requests.labels(channel, "rejected").inc()
        return JSONResponse({"detail": str(rejected)}, status_code=rejected.status)
    processor = request.app.state.inbound
    new = await processor.store(channel, envelopes)
    processor.schedule(new)
    metrics.webhook_requests.labels(channel, "accepted").inc()
    return JSONResponse({})


@router.post("/webhooks/line")
async def line_webhook(request: Request) -> JSONResponse:
    """LINE's webhook (an empty event list is LINE's connectivity check: 200)."""
    return await _receive("line", request)


@router.post("/webhooks/telegram")
async def telegram_webhook(request: Request) -> JSONResponse:
    """Telegram's webhook."""
    return await _receive("telegram", request)
