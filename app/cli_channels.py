"""Channel commands: ``telegram set-webhook``, ``line rich-menu``, ``simulate``."""

from __future__ import annotations

import asyncio
import io
import json
from typing import Annotated

import typer

from app.cli_admin import fail
from app.settings import get_settings

telegram_cli = typer.Typer(help="Telegram bot set-up.", no_args_is_help=True)
line_cli = typer.Typer(help="LINE Official Account set-up.", no_args_is_help=True)
simulate_cli = typer.Typer(help="Try the real chat path locally.", no_args_is_help=True)

RICH_MENU_AREAS = [  # (label, LINE action) on a 3 x 2 grid
    ("ถามตัวชี้วัด\nIndicators", {"type": "postback", "data": "help", "displayText": "ช่วยเหลือ"}),
    (
        "คะแนนของเรา\nOur score",
        {"type": "postback", "data": "ex:score", "displayText": "คะแนนของเรา"},
    ),
    ("แผน BCP\nContinuity plan", {"type": "postback", "data": "ex:bcp", "displayText": "BCP"}),
    ("English", {"type": "message", "text": "/lang en"}),
    ("ภาษาไทย", {"type": "message", "text": "/lang th"}),
    ("หยุดแจ้งเตือน\nMute reminders", {"type": "message", "text": "/mute"}),
]
MENU_W, MENU_H = 2500, 843


def rich_menu_definition() -> dict:
    """The rich menu: six tappable areas, so people can tap instead of type."""
    cell_w, cell_h = MENU_W // 3, MENU_H // 2
    areas = []
    for number, (label, action) in enumerate(RICH_MENU_AREAS):
        column, row = number % 3, number // 3
        areas.append(
            {
                "bounds": {
                    "x": column * cell_w,
                    "y": row * cell_h,
                    "width": cell_w,
                    "height": cell_h,
                },
                "action": {**action, "label": label.split("\n")[0][:20]},
            }
        )
    return {
        "size": {"width": MENU_W, "height": MENU_H},
        "selected": True,
        "name": "dgbot menu",
        "chatBarText": "เมนู dgbot",
        "areas": areas,
    }


def rich_menu_image() -> bytes:
    """A 2500 x 843 PNG with the six labels (Thai font, like the charts)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    from scoring.charts import thai_font

    with plt.rc_context({"font.family": thai_font()}):
        figure = plt.figure(figsize=(MENU_W / 100, MENU_H / 100), dpi=100)
        axes = figure.add_axes((0, 0, 1, 1))
        axes.set_xlim(0, 3)
        axes.set_ylim(0, 2)
        axes.axis("off")
        for number, (label, _) in enumerate(RICH_MENU_AREAS):
            column, row = number % 3, 1 - number // 3
            axes.add_patch(
                plt.Rectangle(
                    (column + 0.02, row + 0.04), 0.96, 0.92, color="#0b3d6b" if row else "#06c755"
                )
            )
            axes.text(
                column + 0.5, row + 0.5, label, ha="center", va="center", color="white", fontsize=56
            )
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=100)
        plt.close(figure)
    return buffer.getvalue()


@line_cli.command("rich-menu")
def line_rich_menu(
    show: Annotated[
        bool, typer.Option("--show", help="Print the definition; call nothing.")
    ] = False,
) -> None:
    """Create the rich menu, upload its image and make it every user's default."""
    import httpx

    definition = rich_menu_definition()
    if show:
        typer.echo(json.dumps(definition, ensure_ascii=False, indent=2))
        return
    settings = get_settings()
    if not settings.line_enabled:
        fail("LINE is off: set DGBOT_LINE_CHANNEL_SECRET and DGBOT_LINE_CHANNEL_ACCESS_TOKEN")
    token = settings.line_channel_access_token.get_secret_value()
    headers = {"Authorization": f"Bearer {token}"}
    # httpx rather than the SDK here: the SDK's blob client hard-codes LINE's data host.
    with httpx.Client(timeout=30, headers=headers) as client:
        created = client.post(f"{settings.line_api_base_url}/v2/bot/richmenu", json=definition)
        created.raise_for_status()
        menu_id = created.json()["richMenuId"]
        client.post(
            f"{settings.line_data_base_url}/v2/bot/richmenu/{menu_id}/content",
            content=rich_menu_image(),
            headers={"Content-Type": "image/png"},
        ).raise_for_status()
        client.post(
            f"{settings.line_api_base_url}/v2/bot/user/all/richmenu/{menu_id}"
        ).raise_for_status()
    typer.echo(f"rich menu {menu_id} is now the default")


@telegram_cli.command("set-webhook")
def telegram_set_webhook(
    url: Annotated[
        str | None, typer.Option(help="Default: DGBOT_PUBLIC_BASE_URL/webhooks/telegram.")
    ] = None,
) -> None:
    """Register the webhook (with the secret token) and the command list with Telegram."""
    from webhooks.telegram.adapter import TelegramAdapter

    settings = get_settings()
    if not settings.telegram_enabled:
        fail("Telegram is off: set DGBOT_TELEGRAM_BOT_TOKEN and DGBOT_TELEGRAM_WEBHOOK_SECRET")
    target = url or (
        f"{settings.public_base_url}/webhooks/telegram" if settings.public_base_url else None
    )
    if not target:
        fail("give --url or set DGBOT_PUBLIC_BASE_URL")

    async def run() -> None:
        async def no_media(_path: str) -> None:
            return None

        adapter = TelegramAdapter(
            token=settings.telegram_bot_token.get_secret_value(),
            webhook_secret=settings.telegram_webhook_secret.get_secret_value(),
            api_base_url=settings.telegram_api_base_url,
            media_loader=no_media,
        )
        async with adapter.bot:
            await adapter.register(target)

    asyncio.run(run())
    typer.echo(f"Telegram webhook set to {target}")


@simulate_cli.command("api")
def simulate_api(
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 8091,
) -> None:
    """Run the stand-in LINE + Telegram API that records what the bot sends."""
    import uvicorn

    from webhooks.simulator import capture_app

    typer.echo(
        f"simulated LINE and Telegram API on http://{host}:{port} — start the bot with\n"
        f"  DGBOT_LINE_API_BASE_URL=http://{host}:{port} "
        f"DGBOT_TELEGRAM_API_BASE_URL=http://{host}:{port}"
    )
    uvicorn.run(capture_app(), host=host, port=port, log_level="warning")


def _simulate(channel: str, text: str, server: str, api: str, user: str, wait: float) -> None:
    from webhooks.simulator import simulate

    settings = get_settings()
    secret = settings.line_channel_secret if channel == "line" else settings.telegram_webhook_secret
    if secret is None:
        fail(f"{channel} is off: set its credentials in the environment, as for dgbot serve")
    calls = simulate(
        channel=channel,
        text=text,
        server=server.rstrip("/"),
        api=api.rstrip("/"),
        secret=secret.get_secret_value(),
        user=user,
        wait=wait,
    )
    if not calls:
        fail("the bot sent nothing back: is it running with `dgbot simulate api` as its API?")
    for call in calls:
        typer.echo(f"--> {call['platform']} {call['method']}")
        typer.echo(json.dumps(call["body"], ensure_ascii=False, indent=2))


@simulate_cli.command("line")
def simulate_line(
    text: str,
    server: Annotated[str, typer.Option(help="The running dgbot.")] = "http://127.0.0.1:8000",
    api: Annotated[str, typer.Option(help="`dgbot simulate api`.")] = "http://127.0.0.1:8091",
    user: Annotated[
        str, typer.Option(help="LINE user id to send as.")
    ] = "Usimulated000000000000000000000",
    wait: Annotated[float, typer.Option(help="Seconds to wait for the answer.")] = 10.0,
) -> None:
    """Sign and post a LINE text event; print what the bot sent back."""
    _simulate("line", text, server, api, user, wait)


@simulate_cli.command("telegram")
def simulate_telegram(
    text: str,
    server: Annotated[str, typer.Option(help="The running dgbot.")] = "http://127.0.0.1:8000",
    api: Annotated[str, typer.Option(help="`dgbot simulate api`.")] = "http://127.0.0.1:8091",
    user: Annotated[str, typer.Option(help="Telegram chat id to send as.")] = "4242",
    wait: Annotated[float, typer.Option(help="Seconds to wait for the answer.")] = 10.0,
) -> None:
    """Post a Telegram update with the secret token; print what the bot sent back."""
    _simulate("telegram", text, server, api, user, wait)
