"""``dgbot broadcast create|preview|confirm|list|cancel|pause|resume|status``.

``create`` without ``--yes`` saves a draft and prints the preview (recipients per channel, who
is left out, the message as it will look); ``confirm ID`` or ``create … --yes`` schedules it.
The running server (``dgbot serve``) sends it at its time through the outbox.
"""

from __future__ import annotations

import json
from datetime import time
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from app.cli_admin import fail, run_with_session
from app.settings import get_settings

broadcast_cli = typer.Typer(
    help="Announcements to audiences of linked people.", no_args_is_help=True
)
STATUS_KEYS = ("id", "state", "recipients", "sent", "failed", "blocked", "skipped")


def _image(path: Path | None) -> tuple[bytes, str] | None:
    from broadcasts.images import ImageError, image_type

    if path is None:
        return None
    try:
        body = path.read_bytes()
        return body, image_type(body)
    except OSError as error:
        fail(f"{path}: {error.strerror}")
    except ImageError as error:
        fail(f"{path.name}: {error}")


def _preview_text(broadcast, selection) -> str:
    from broadcasts.compose import replies_for
    from broadcasts.delivery import SKIP_NAMES

    channels = ", ".join(f"{c} {n}" for c, n in selection.per_channel().items()) or "none"
    skipped = ", ".join(f"{SKIP_NAMES.get(k, k)} {v}" for k, v in selection.skipped.items())
    lines = [
        f"broadcast {broadcast.id} [{broadcast.state}] at {broadcast.scheduled_at.isoformat()}",
        f"recipients: {selection.recipients} ({channels})",
        f"left out: {sum(selection.skipped.values())}" + (f" ({skipped})" if skipped else ""),
        "---",
    ]
    for reply in replies_for(broadcast.content):
        if reply.image_url:
            lines.append(f"[image {reply.image_url}]")
            continue
        lines += [reply.title or "", reply.text]
        lines += [f"[{b.label} → {b.action}]" for b in reply.buttons]
    return "\n".join(lines)


def create(
    ctx: typer.Context,
    audience: Annotated[str, typer.Option(help="'all' or key=value terms (see docs).")],
    text: Annotated[
        str | None, typer.Option(help="The message (or extra text for --survey).")
    ] = None,
    link: Annotated[str | None, typer.Option(help="A web link, shown as a button.")] = None,
    image: Annotated[Path | None, typer.Option(help="A PNG or JPEG to send first.")] = None,
    survey: Annotated[str | None, typer.Option(help="Survey template: the survey's name.")] = None,
    opens: Annotated[str | None, typer.Option(help="Survey template: opening date.")] = None,
    closes: Annotated[str | None, typer.Option(help="Survey template: closing date.")] = None,
    where: Annotated[str | None, typer.Option(help="Survey template: where to answer.")] = None,
    contact: Annotated[str | None, typer.Option(help="Survey template: whom to ask.")] = None,
    at: Annotated[
        str | None, typer.Option(help="When: now (default), 'พรุ่งนี้ 09:00', a B.E./C.E. date.")
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", help="Schedule it (else only a preview draft).")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Compose a broadcast; prints {"id", "recipients"} with --json. `preview` (or `create`
    without --yes) only saves a draft and shows it; `confirm ID` schedules it."""
    if ctx.info_name == "preview":
        yes = False
    from bcp.dates import DateError, parse_moment
    from bot.clock import SystemClock
    from bot.media import media_path, store_media
    from broadcasts.audience import AudienceError, parse_audience
    from broadcasts.compose import ComposeError, Survey, make_content, parse_when
    from broadcasts.images import KEEP_DAYS
    from broadcasts.lifecycle import create_broadcast

    now = SystemClock().now()
    picture = _image(image)
    try:
        wanted = parse_audience(audience)
        when = parse_when(at, now)
        template = None
        if survey is not None:
            if not (opens and closes and where):
                fail("the survey template needs --opens, --closes and --where")
            template = Survey(
                survey.strip(),
                parse_moment(opens, default_time=time(0, 0)),
                parse_moment(closes),
                where.strip(),
                contact,
            )
        content = make_content(text=text, link=link, survey=template)
    except (AudienceError, ComposeError, DateError) as error:
        fail(str(error))

    async def work(session: AsyncSession):
        if picture is not None:
            token = await store_media(
                session, body=picture[0], content_type=picture[1], now=now, days=KEEP_DAYS
            )
            content["image_url"] = media_path(token)
        try:
            made = await create_broadcast(
                session,
                content=content,
                audience=wanted,
                at=when,
                now=now,
                channels=set(get_settings().chat_channels),
                author="cli",
                draft=not yes,
            )
        except AudienceError as error:
            return error
        await session.commit()
        return made

    made = run_with_session(work)
    if isinstance(made, AudienceError):
        fail(str(made))
    broadcast, selection = made
    if as_json:  # exactly the contract's keys; `list --json` has the details
        typer.echo(json.dumps({"id": broadcast.id, "recipients": selection.recipients}))
        return
    typer.echo(_preview_text(broadcast, selection))
    if not yes:
        typer.echo(f"--- a preview only: `dgbot broadcast confirm {broadcast.id}` schedules it")


broadcast_cli.command("create")(create)
broadcast_cli.command("preview")(create)


def _state_command(name: str, action, done: str) -> None:
    @broadcast_cli.command(name)
    def command(broadcast_id: str) -> None:
        from bot.clock import SystemClock
        from broadcasts.lifecycle import BroadcastError

        async def work(session: AsyncSession):
            try:
                changed = await action(session, broadcast_id, SystemClock().now())
            except BroadcastError as error:
                return error
            await session.commit()
            return changed

        result = run_with_session(work)
        if isinstance(result, BroadcastError):
            fail(str(result))
        typer.echo(f"broadcast {result.id} {done}")

    command.__doc__ = f"{done.capitalize()} a broadcast."


def _register() -> None:
    from broadcasts import lifecycle

    _state_command("confirm", lifecycle.confirm, "scheduled")
    _state_command("cancel", lifecycle.cancel, "cancelled")
    _state_command("pause", lambda s, i, now: lifecycle.pause(s, i), "paused")
    _state_command("resume", lambda s, i, now: lifecycle.resume(s, i), "resumed")


_register()


@broadcast_cli.command("list")
def list_command(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """The newest broadcasts with their delivery counts."""
    from broadcasts.lifecycle import list_broadcasts, status_of

    async def work(session: AsyncSession):
        return [await status_of(session, b.id) for b in await list_broadcasts(session)]

    rows = run_with_session(work)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    for row in rows:
        typer.echo(
            f"{row['id']} [{row['state']}] {row['scheduled_at']} {row['title']}: "
            f"{row['sent']}/{row['recipients']} sent, {row['failed']} failed"
        )
    if not rows:
        typer.echo("no broadcasts yet")


@broadcast_cli.command("status")
def status(broadcast_id: str, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Where a broadcast stands: state, recipients, sent, failed, blocked, skipped."""
    from broadcasts.lifecycle import BroadcastError, status_of

    async def work(session: AsyncSession):
        try:
            return await status_of(session, broadcast_id)
        except BroadcastError as error:
            return error

    found = run_with_session(work)
    if isinstance(found, BroadcastError):
        fail(str(found))
    if as_json:  # exactly the contract's keys
        typer.echo(json.dumps({key: found[key] for key in STATUS_KEYS}, ensure_ascii=False))
        return
    for key, value in found.items():
        typer.echo(f"{key}: {value}")
