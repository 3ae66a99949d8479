"""Run `dgbot serve` as a real process on a free loopback port, for end-to-end tests."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_server(
    database_url: str, timeout: float = 60.0, extra_env: dict[str, str] | None = None
) -> Iterator[str]:
    """Start the server, wait until /healthz answers, yield its base URL, stop it."""
    port = free_port()
    env = {**os.environ, "DGBOT_DATABASE_URL": database_url, **(extra_env or {})}
    dgbot = Path(sys.executable).with_name("dgbot")
    process = subprocess.Popen(
        [str(dgbot), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"server exited: {process.stdout.read()}")
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError("server did not become healthy")
            time.sleep(0.1)  # polling a real process, not waiting on our own clock
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def dgbot_command(
    *args: str, database_url: str, extra_env: dict[str, str] | None = None, check: bool = True
) -> subprocess.CompletedProcess:
    """Run the real ``dgbot`` CLI against ``database_url``."""
    dgbot = Path(sys.executable).with_name("dgbot")
    env = {**os.environ, "DGBOT_DATABASE_URL": database_url, **(extra_env or {})}
    return subprocess.run([str(dgbot), *args], env=env, check=check, capture_output=True, text=True)


def lampang_officer_code(database_url: str) -> str:
    """Import Lampang's sample and return a fresh officer invite code for LPG-00."""
    dgbot_command("scores", "import", "scoring/samples/lampang-2560.csv", database_url=database_url)
    created = dgbot_command(
        "invite",
        "create",
        "--role",
        "officer",
        "--agency",
        "LPG-00",
        "--json",
        database_url=database_url,
    )
    return json.loads(created.stdout)["code"]
