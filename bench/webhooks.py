"""Webhook benchmark: ``/webhooks/line`` against a bare FastAPI endpoint, in the same run.

Starts local processes on loopback: the stand-in LINE API (``dgbot simulate api``); dgbot
as in production with SQLite in a temporary folder and LINE pointed at the stand-in, that is
``dgbot serve --role web`` (one uvicorn worker) plus ``dgbot worker`` (handles the events,
at its default ``DGBOT_WORKER_NICE``), or with ``--roles single`` one ``dgbot serve``; and a
bare FastAPI app that only reads the body (one uvicorn worker, same uvicorn setup). It posts
signed, realistic LINE text events at several concurrency levels and prints requests per
second and p50/p99 latency, with dgbot's figures as ratios of the bare endpoint's. After each
level it waits until the stand-in API has received a reply for every event of the level
(printed: seconds after the level's last acknowledgement), and at the end it checks that
every event was answered exactly once and is stored as done. Every request is bounded in
number and time. Run: ``.venv/bin/python bench/webhooks.py [--requests 400]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import Counter
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


def bodies_for(total: int) -> list[bytes]:
    """Realistic bodies: one text event each, 50 users, questions in turn."""
    return [line_body(QUESTIONS[n % len(QUESTIONS)], f"Ubench{n % 50:027d}") for n in range(total)]


def reply_token(body: bytes) -> str:
    return json.loads(body)["events"][0]["replyToken"]


async def load(
    url: str, bodies: list[bytes], signed: bool, concurrency: int
) -> tuple[float, list[float]]:
    """Post ``bodies`` with ``concurrency`` in flight; returns (req/s, latencies)."""
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
    return len(bodies) / elapsed, latencies


class Replies:
    """What the stand-in LINE API received: reply tokens used, pushes."""

    def __init__(self, api: str) -> None:
        self.api, self.after = api, 0
        self.tokens: Counter[str] = Counter()
        self.pushes = 0

    def poll(self) -> None:
        for call in httpx.get(f"{self.api}/_dgbot/calls", params={"after": self.after}).json():
            self.after = max(self.after, call["n"])
            if call["method"] == "POST message/reply":
                self.tokens[call["body"]["replyToken"]] += 1
            elif call["method"] in {"POST message/push", "POST message/multicast"}:
                self.pushes += 1

    def wait_for(self, tokens: set[str], timeout: float = 300) -> float:
        """Seconds until every token in ``tokens`` was used for a reply."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            self.poll()
            if tokens <= self.tokens.keys():
                return time.monotonic() - started
            time.sleep(0.1)
        missing = len(tokens - self.tokens.keys())
        raise SystemExit(f"{missing} of {len(tokens)} events not answered after {timeout:.0f} s")


def stored_statuses(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as connection:
        return dict(
            connection.execute("SELECT status, count(*) FROM inbound_events GROUP BY status")
        )


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument(
        "--roles",
        choices=["split", "single"],
        default="split",
        help="split: `dgbot serve --role web` + `dgbot worker`; single: `dgbot serve` alone",
    )
    args = parser.parse_args()
    bindir = Path(sys.executable).parent
    api_port, bot_port, bare_port = free_port(), free_port(), free_port()
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "bare_app.py").write_text(BARE_APP)
        database = Path(tmp) / "bench.db"
        env = {
            **os.environ,
            "DGBOT_DATABASE_URL": f"sqlite:///{database}",
            "DGBOT_LOG_LEVEL": "WARNING",
            "DGBOT_LINE_CHANNEL_SECRET": SECRET,
            "DGBOT_LINE_CHANNEL_ACCESS_TOKEN": "bench-access-token",
            "DGBOT_LINE_API_BASE_URL": f"http://127.0.0.1:{api_port}",
        }
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        dgbot = str(bindir / "dgbot")
        serve = [dgbot, "serve", "--port", str(bot_port)]
        commands = [[dgbot, "simulate", "api", "--port", str(api_port)]]
        commands.append([*serve, "--role", "web"] if args.roles == "split" else serve)
        bare = [str(bindir / "uvicorn"), "bare_app:app", "--port", str(bare_port)]
        processes = [subprocess.Popen(command, env=env, **quiet) for command in commands]
        processes.append(subprocess.Popen([*bare, "--log-level", "warning"], cwd=tmp, **quiet))
        try:
            wait_until_up(f"http://127.0.0.1:{api_port}/_dgbot/calls")
            wait_until_up(f"http://127.0.0.1:{bot_port}/healthz")
            wait_until_up(f"http://127.0.0.1:{bare_port}/docs")
            if args.roles == "split":  # started once the web process has made the schema
                processes.append(subprocess.Popen([dgbot, "worker"], env=env, **quiet))
            run(args, api_port, bot_port, bare_port, database)
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=10)


def run(args, api_port: int, bot_port: int, bare_port: int, database: Path) -> None:
    nice = os.environ.get("DGBOT_WORKER_NICE", "19")
    roles = f"--role web + dgbot worker (nice {nice})" if args.roles == "split" else "alone"
    print(f"dgbot serve {roles}; one uvicorn worker each; {args.requests} requests a level")
    print(
        f"{'concurrency':>11} {'bare rps':>9} {'dgbot rps':>10} {'rps ratio':>9} "
        f"{'bare p50':>9} {'dgbot p50':>10} {'bare p99':>9} {'dgbot p99':>10} "
        f"{'p99 ratio':>9} {'all answered':>12}"
    )
    replies = Replies(f"http://127.0.0.1:{api_port}")
    bot_url = f"http://127.0.0.1:{bot_port}/webhooks/line"
    warm_up = bodies_for(len(QUESTIONS))  # every role ready and warm before measuring
    asyncio.run(load(bot_url, warm_up, True, 1))
    sent = {reply_token(body) for body in warm_up}
    replies.wait_for(sent, timeout=120)
    for concurrency in args.concurrency:
        bodies = bodies_for(args.requests)
        bare_url = f"http://127.0.0.1:{bare_port}/webhooks/line"
        bare_rps, bare = asyncio.run(load(bare_url, bodies, False, concurrency))
        bot_rps, ours = asyncio.run(load(bot_url, bodies, True, concurrency))
        tokens = {reply_token(body) for body in bodies}
        sent |= tokens
        settled = replies.wait_for(tokens)  # the next level starts with nothing in hand
        b50, b99 = percentile(bare, 50) * 1e3, percentile(bare, 99) * 1e3
        o50, o99 = percentile(ours, 50) * 1e3, percentile(ours, 99) * 1e3
        print(
            f"{concurrency:>11} {bare_rps:>9.0f} {bot_rps:>10.0f} "
            f"{bot_rps / bare_rps:>9.2f} {b50:>7.1f}ms {o50:>8.1f}ms {b99:>7.1f}ms "
            f"{o99:>8.1f}ms {o99 / b99:>9.1f} {settled:>10.1f}s"
        )
    replies.poll()
    twice = sum(1 for token in sent if replies.tokens[token] > 1)
    answered = sum(1 for token in sent if replies.tokens[token])
    statuses = stored_statuses(database)
    print(
        f"events sent {len(sent)}; answered by reply {answered}, twice {twice}; "
        f"pushes {replies.pushes}; stored events by status {statuses}"
    )
    if answered != len(sent) or twice or statuses != {"done": len(sent)}:
        raise SystemExit("not every event was handled exactly once")


if __name__ == "__main__":
    main()
