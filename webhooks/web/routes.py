"""The web playground: a browser chat with the same core, no LINE or Telegram needed.

``GET /`` serves the page; ``POST /api/chat`` takes ``{"user_id", "text" | "action"}``
and returns the core's replies as JSON (the page renders buttons as chips).
"""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field, model_validator

from bot.media import load_media
from bot.messages import Inbound, Outcome

log = logging.getLogger("dgbot.web")
router = APIRouter()
_PAGE = Path(__file__).parent / "static" / "playground.html"


class ChatRequest(BaseModel):
    """One message from the playground page."""

    user_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    text: str | None = Field(default=None, max_length=5000)
    action: str | None = Field(default=None, max_length=300)

    @model_validator(mode="after")
    def _text_or_action(self) -> ChatRequest:
        if not (self.text and self.text.strip()) and not self.action:
            raise ValueError("send a text or an action")
        return self


class ButtonOut(BaseModel):
    """A tappable choice."""

    label: str
    action: str


class ReplyOut(BaseModel):
    """One bot message."""

    title: str | None
    text: str
    buttons: list[ButtonOut]
    image_url: str | None = None


class ChatResponse(BaseModel):
    """The bot's answer to one message."""

    intent: str
    replies: list[ReplyOut]


def to_response(outcome: Outcome) -> ChatResponse:
    """Render the core's outcome for the page."""
    return ChatResponse(
        intent=outcome.intent,
        replies=[
            ReplyOut(
                title=r.title,
                image_url=r.image_url,
                text=r.text,
                buttons=[ButtonOut(label=b.label, action=b.action) for b in r.buttons],
            )
            for r in outcome.replies
        ],
    )


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def playground() -> HTMLResponse:
    """The chat page."""
    return HTMLResponse(_PAGE.read_text(encoding="utf-8"))


@router.post("/api/chat", response_model=ChatResponse)
async def chat(message: ChatRequest, request: Request) -> ChatResponse:
    """Hand the message to the core and return its replies."""
    inbound = Inbound(
        channel="web", user_id=message.user_id, text=message.text, action=message.action
    )
    outcome = await request.app.state.bot.handle(inbound)
    return to_response(outcome)


@router.get("/media/{token}.png", include_in_schema=False)
async def media(token: str, request: Request) -> Response:
    """A generated chart, by its unguessable token, until it expires."""
    async with request.app.state.sessions() as session:
        found = await load_media(session, token=token, now=request.app.state.clock.now())
    if found is None:
        raise HTTPException(status_code=404)
    return Response(
        found.body,
        media_type=found.content_type,
        headers={"Cache-Control": "private, max-age=3600"},
    )
