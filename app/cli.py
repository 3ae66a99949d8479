"""The ``dgbot`` command line (Typer): serve, worker, chat, ask, db."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from typing import Annotated

import typer

from app.cli_admin import (
    agencies_cli,
    invite_cli,
    province_report_command,
    report_command,
    scores_cli,
)
from app.cli_bcp import bcp_cli, reminders_cli
from app.cli_broadcast import broadcast_cli
from app.cli_channels import line_cli, simulate_cli, telegram_cli
from app.settings import Settings, get_settings
from bot.messages import ItemRef, Outcome

cli = typer.Typer(
    help="dgbot: Thailand Digital Government Readiness assistant.", no_args_is_help=True
)
db_cli = typer.Typer(help="Database schema.", no_args_is_help=True)
cli.add_typer(db_cli, name="db")
cli.add_typer(scores_cli, name="scores")
cli.add_typer(invite_cli, name="invite")
cli.add_typer(agencies_cli, name="agencies")
cli.add_typer(bcp_cli, name="bcp")
cli.add_typer(broadcast_cli, name="broadcast")
cli.add_typer(reminders_cli, name="reminders")
cli.add_typer(telegram_cli, name="telegram")
cli.add_typer(line_cli, name="line")
cli.add_typer(simulate_cli, name="simulate")
cli.command("report")(report_command)
cli.command("province-report")(province_report_command)


def _item(ref: ItemRef | None, with_code: bool) -> dict | None:
    if ref is None:
        return None
    item = {"framework": ref.framework, "name_en": ref.name_en, "name_th": ref.name_th}
    if with_code:
        item["code"] = ref.code
    return item


def outcome_json(query: str, outcome: Outcome) -> dict:
    """The ``dgbot ask --json`` contract for one query."""
    return {
        "query": query,
        "intent": outcome.intent,
        "indicator": _item(outcome.indicator, with_code=True),
        "dimension": _item(outcome.dimension, with_code=True),
        "suggestions": [
            {"name_en": s.name_en, "framework": s.framework, "code": s.code}
            for s in outcome.suggestions
        ],
        "reply": outcome.text,
    }


@cli.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    role: Annotated[
        str,
        typer.Option(
            help="all: also handle chat events, send the outbox and queue reminders; "
            "web: only acknowledge webhooks, leaving the rest to `dgbot worker`."
        ),
    ] = "all",
) -> None:
    """Run the web server (playground at /, health at /healthz)."""
    import uvicorn

    from app.main import ROLES, create_app

    if role not in ROLES:
        raise typer.BadParameter(f"expected one of {', '.join(ROLES)}", param_hint="--role")
    settings = get_settings()
    host, port = host or settings.host, port or settings.port
    channels = [
        name
        for name, on in (("LINE", settings.line_enabled), ("Telegram", settings.telegram_enabled))
        if on
    ]
    typer.echo(f"dgbot playground: http://{host}:{port}/")
    typer.echo(
        f"chat channels on: {', '.join(channels) or 'none (set DGBOT_LINE_* / DGBOT_TELEGRAM_*)'}"
    )
    if role == "web":
        typer.echo("role web: chat events are handled by `dgbot worker`")
    uvicorn.run(
        create_app(settings, role=role),
        host=host,
        port=port,
        log_level=settings.log_level.lower(),
    )


@cli.command()
def worker() -> None:
    """Handle stored chat events, send the outbox and queue reminders, without serving HTTP
    (run it beside `dgbot serve --role web`; stop with Ctrl-C or SIGTERM)."""
    import signal

    from app.logging_setup import configure_logging
    from app.worker import run_worker
    from bot.clock import SystemClock

    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    if settings.worker_nice and hasattr(os, "nice"):
        os.nice(settings.worker_nice)  # acknowledging webhooks on this machine comes first

    async def run() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await run_worker(settings, SystemClock(), stop)

    try:  # the event loop uvicorn picks for `dgbot serve` when it is installed
        from uvloop import run as run_loop
    except ImportError:
        run_loop = asyncio.run
    run_loop(run())


@cli.command()
def ask(
    text: Annotated[
        str, typer.Argument(help="The question, or - to read one per line from stdin.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON objects.")] = False,
) -> None:
    """Answer questions offline: no network, no database, no chat credentials."""
    from app.services import build_bot
    from bot.messages import Inbound

    bot = build_bot(get_settings())
    queries = (line.rstrip("\n") for line in sys.stdin) if text == "-" else iter([text])

    async def run() -> None:
        for number, query in enumerate(queries):
            # Each query is its own conversation: answers never depend on earlier lines.
            outcome = await bot.handle(Inbound(channel="cli", user_id=f"ask-{number}", text=query))
            if as_json:
                sys.stdout.write(
                    json.dumps(outcome_json(query, outcome), ensure_ascii=False) + "\n"
                )
            else:
                sys.stdout.write(outcome.text + "\n\n")
            sys.stdout.flush()

    asyncio.run(run())


@cli.command()
def chat() -> None:
    """Talk to the bot in the terminal (buttons are listed as numbered choices)."""
    from app.services import build_bot
    from bot.messages import Inbound

    bot = build_bot(get_settings())
    typer.echo("dgbot — พิมพ์คำถาม (Ctrl-D เพื่อออก / Ctrl-D to quit)")

    async def run() -> None:
        buttons = []
        while True:
            try:
                line = input("> ").strip()
            except EOFError:
                typer.echo("")
                return
            if not line:
                continue
            action = None
            if line.startswith("#") and line[1:].isdigit() and 0 < int(line[1:]) <= len(buttons):
                action = buttons[int(line[1:]) - 1].action
            outcome = await bot.handle(
                Inbound("terminal", "terminal", None if action else line, action)
            )
            buttons = []
            for reply in outcome.replies:
                if reply.title:
                    typer.secho(reply.title, bold=True)
                typer.echo(reply.text)
                buttons.extend(reply.buttons)
            for number, button in enumerate(buttons, start=1):
                typer.echo(f"  [#{number}] {button.label}")

    asyncio.run(run())


@db_cli.command("upgrade")
def db_upgrade() -> None:
    """Bring the database schema up to date."""
    from app.database import create_engine, prepare_database

    settings: Settings = get_settings()

    async def run() -> None:
        engine = create_engine(settings.database_url)
        try:
            await prepare_database(engine)
        finally:
            await engine.dispose()

    asyncio.run(run())
    typer.echo("database schema is up to date")


def main() -> None:
    """Console-script entry point."""
    cli()
