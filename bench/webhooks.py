"""Webhook benchmark: ``/webhooks/line`` against a bare FastAPI endpoint, in the same run.

Starts three local processes on loopback — the stand-in LINE API (``dgbot simulate api``),
dgbot itself (one uvicorn worker, SQLite in a temporary folder, LINE configured to talk to
the stand-in) and a bare FastAPI app that only reads the body — then posts signed, realistic
LINE text events at several concurrency levels and prints requests per second and p50/p99
latency, with dgbot's figures as ratios of the bare endpoint's. Every request is bounded in
number and time. Run: ``.venv/bin/python bench/webhooks.py [--requests 400]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from webhooks.simulator import line_body, line_signature  # noqa: E402

SECRET = "bench-channel-secret"
QUESTIONS = [
    "ข้อ 2.4 ปี 2559",
    "แผนการสานต่อภารกิจ ควรทำอย่างไร",
    "Digital Literacy",
    "สวัสดีครับ",
    "มิติที่ 3",
    "single sign on",
    "คะแนนของเราเป็นอย่างไร",
    "ผลบอลเมื่อคืน",
]
BARE_APP = textwrap.dedent("""
    from fastapi import FastAPI, Request
    app = FastAPI()

    @app.post("/webhooks/line")
    async def bare(request: Request) -> dict:
        await request.body()
        return {}
""")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise TimeoutError(url)


async def load(url: str, signed: bool, concurrency: int, total: int) -> tuple[float, list[float]]:
    """Post ``total`` webhooks with ``concurrency`` in flight; returns (req/s, latencies)."""
    bodies = [
        line_body(QUESTIONS[n % len(QUESTIONS)], f"Ubench{n % 50:027d}") for n in range(total)
    ]
    latencies: list[float] = []
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    for body in bodies:
        queue.put_nowait(body)

    async def worker(client: httpx.AsyncClient) -> None:
        while not queue.empty():
            body = queue.get_nowait()
            headers = {"Content-Type": "application/json"}
            if signed:
                headers["X-Line-Signature"] = line_signature(body, SECRET)
            started = time.perf_counter()
            response = await client.post(url, content=body, headers=headers)
            latencies.append(time.perf_counter() - started)
            response.raise_for_status()

    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:
        started = time.perf_counter()
        await asyncio.gather(*[worker(client) for _ in range(concurrency)])
        elapsed = time.perf_counter() - started
    return total / elapsed, latencies


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32])
    args = parser.parse_args()
    bindir = Path(sys.executable).parent
    api_port, bot_port, bare_port = free_port(), free_port(), free_port()
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "bare_app.py").write_text(BARE_APP)
        env = {
            **os.environ,
            "DGBOT_DATABASE_URL": f"sqlite:///{tmp}/bench.db",
            "DGBOT_LOG_LEVEL": "WARNING",
            "DGBOT_LINE_CHANNEL_SECRET": SECRET,
            "DGBOT_LINE_CHANNEL_ACCESS_TOKEN": "bench-access-token",
            "DGBOT_LINE_API_BASE_URL": f"http://127.0.0.1:{api_port}",
        }
        processes = [
            subprocess.Popen(
                [str(bindir / "dgbot"), "simulate", "api", "--port", str(api_port)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            ),
            subprocess.Popen(
                [str(bindir / "dgbot"), "serve", "--port", str(bot_port)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            ),
            subprocess.Popen(
                [
                    str(bindir / "uvicorn"),
                    "bare_app:app",
                    "--port",
                    str(bare_port),
                    "--log-level",
                    "warning",
                ],
                cwd=tmp,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            ),
        ]
        try:
            wait_until_up(f"http://127.0.0.1:{api_port}/_dgbot/calls")
            wait_until_up(f"http://127.0.0.1:{bot_port}/healthz")
            wait_until_up(f"http://127.0.0.1:{bare_port}/docs")
            print(
                f"{'concurrency':>11} {'bare rps':>9} {'dgbot rps':>10} {'rps ratio':>9} "
                f"{'bare p50':>9} {'dgbot p50':>10} {'bare p99':>9} {'dgbot p99':>10} "
                f"{'p99 ratio':>9}"
            )
            for concurrency in args.concurrency:
                bare_rps, bare = asyncio.run(
                    load(
                        f"http://127.0.0.1:{bare_port}/webhooks/line",
                        False,
                        concurrency,
                        args.requests,
                    )
                )
                bot_rps, ours = asyncio.run(
                    load(
                        f"http://127.0.0.1:{bot_port}/webhooks/line",
                        True,
                        concurrency,
                        args.requests,
                    )
                )
                b50, b99 = percentile(bare, 50) * 1e3, percentile(bare, 99) * 1e3
                o50, o99 = percentile(ours, 50) * 1e3, percentile(ours, 99) * 1e3
                print(
                    f"{concurrency:>11} {bare_rps:>9.0f} {bot_rps:>10.0f} "
                    f"{bot_rps / bare_rps:>9.2f} {b50:>7.1f}ms {o50:>8.1f}ms {b99:>7.1f}ms "
                    f"{o99:>8.1f}ms {o99 / b99:>9.1f}"
                )
                time.sleep(2)  # let the bot finish answering before the next level
            calls = httpx.get(f"http://127.0.0.1:{api_port}/_dgbot/calls").json()
            print(f"replies the bot sent to the stand-in LINE API during the run: {len(calls)}")
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=10)


if __name__ == "__main__":
    main()
