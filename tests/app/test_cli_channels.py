"""Channel set-up commands against the platform doubles, and the simulator end to end."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.doubles.line_api import LineApiDouble
from tests.doubles.telegram_api import TelegramApiDouble
from tests.serving import free_port, running_server

DGBOT = str(Path(sys.executable).with_name("dgbot"))


def run(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [DGBOT, *args], env={**os.environ, **env}, capture_output=True, text=True, timeout=120
    )


def test_telegram_set_webhook_registers_secret_and_commands() -> None:
    with TelegramApiDouble() as telegram:
        env = {
            "DGBOT_TELEGRAM_BOT_TOKEN": telegram.token,
            "DGBOT_TELEGRAM_WEBHOOK_SECRET": "s3cret-Token_1",
            "DGBOT_TELEGRAM_API_BASE_URL": telegram.base_url,
        }
        result = run(
            "telegram",
            "set-webhook",
            "--url",
            "https://bot.example.go.th/webhooks/telegram",
            env=env,
        )
        assert result.returncode == 0, result.stderr
        assert telegram.webhook["url"] == "https://bot.example.go.th/webhooks/telegram"
        assert telegram.webhook["secret_token"] == "s3cret-Token_1"
        names = [c["command"] for c in telegram.commands()]
        assert names == ["start", "help", "score", "bcp", "link", "lang", "mute", "forget"]


def test_telegram_set_webhook_refuses_without_credentials() -> None:
    result = run("telegram", "set-webhook", env={"DGBOT_TELEGRAM_BOT_TOKEN": ""})
    assert result.returncode == 1 and "Telegram is off" in result.stderr


def test_line_rich_menu_is_created_uploaded_and_made_default() -> None:
    with LineApiDouble() as line:
        env = {
            "DGBOT_LINE_CHANNEL_SECRET": "line-secret-x",
            "DGBOT_LINE_CHANNEL_ACCESS_TOKEN": line.access_token,
            "DGBOT_LINE_API_BASE_URL": line.base_url,
        }
        result = run("line", "rich-menu", env=env)
        assert result.returncode == 0, result.stderr
        [menu_id] = line.rich_menus
        assert line.default_rich_menu_id == menu_id
        assert line.rich_menu_image(menu_id).startswith(b"\x89PNG")
        assert len(line.rich_menus[menu_id]["areas"]) == 6


def test_simulate_line_and_telegram_against_a_running_server(tmp_path, monkeypatch) -> None:
    api_port = free_port()
    env = {
        "DGBOT_LINE_CHANNEL_SECRET": "sim-line-secret",
        "DGBOT_LINE_CHANNEL_ACCESS_TOKEN": "sim-token-1",
        "DGBOT_TELEGRAM_BOT_TOKEN": "123:simulated",
        "DGBOT_TELEGRAM_WEBHOOK_SECRET": "sim-tg-secret",
        "DGBOT_LINE_API_BASE_URL": f"http://127.0.0.1:{api_port}",
        "DGBOT_TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{api_port}",
    }
    api = subprocess.Popen(
        [DGBOT, "simulate", "api", "--port", str(api_port)],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for key, value in env.items():
        monkeypatch.setenv(key, value)  # the server process inherits the environment
    try:
        with running_server(f"sqlite:///{tmp_path / 'sim.db'}") as server:
            api_url = f"http://127.0.0.1:{api_port}"
            line = run("simulate", "line", "ข้อ 2.4", "--server", server, "--api", api_url, env=env)
            assert line.returncode == 0, line.stderr
            assert "message/reply" in line.stdout and "Digital Literacy" in line.stdout
            telegram = run(
                "simulate", "telegram", "/help", "--server", server, "--api", api_url, env=env
            )
            assert telegram.returncode == 0, telegram.stderr
            assert "sendMessage" in telegram.stdout and "dgbot" in telegram.stdout
    finally:
        api.terminate()
        api.wait(timeout=10)
