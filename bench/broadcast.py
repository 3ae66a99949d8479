"""Broadcast benchmark (issue 6): one broadcast to 10,000 people, half on LINE and half on
Telegram, sent by the real outbox worker through the platform doubles, with faults injected.

What runs, all in this process: the LINE and Telegram API doubles (real HTTP servers in
threads, ``tests/doubles``), the real channel adapters (line-bot-sdk, python-telegram-bot)
pointed at them, ``OutboxWorker.run`` (``lanes`` lanes, ``SystemClock``) and a loop calling
``finish_done`` the way the app's scheduler does. The database is SQLite in a temporary folder,
or a throwaway PostgreSQL database created (and dropped) on the server ``--database-url``
names. ``--replicas 2`` runs two workers with their own engines and adapters on the same
tables (PostgreSQL only).

Limits, scaled: the Telegram double allows ``--telegram-rate`` sends a second (sliding one-second
window, answering 429 with retry_after beyond it, as Telegram does at 30 a second); the worker
paces Telegram at ``--pace`` × that rate. LINE multicasts (500 recipients each) are not paced;
LINE's own limit (200 requests a second) is modelled only in the minimum. ``--fault-rate`` of
the send calls on both doubles fail at random (seeded), half with 429 (retry after 1 s) and
half with 500.

Printed: recipients per channel, the theoretical minimum (Telegram sends / Telegram limit, or
LINE multicasts / 200 if longer), the completion time from ``start_due`` until the broadcast is
``done`` and its ratio to the minimum (goal ≤ 1.10), where the time went, injected 429s/500s,
flood 429s from the double's own limit, duplicates (recipients who got the broadcast more than
once), lost (recipients who got nothing and whom the status does not count as failed), failed,
and the final status. Exits 1 on duplicates or losses, 2 on timeout. Timings are printed,
never asserted.

Run: ``.venv/bin/python bench/broadcast.py [--recipients 10000] [--telegram-rate 300]
[--pace 1.0] [--fault-rate 0.01] [--database-url postgresql://dgbot_test:dgbot_test@127.0.0.1:5432/postgres]
[--replicas 2]``.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import logging
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.channels import build_channels  # noqa: E402
from app.database import create_engine, prepare_database, session_factory  # noqa: E402
from app.outbox import OutboxWorker  # noqa: E402
from app.settings import Settings  # noqa: E402
from bot.clock import SystemClock  # noqa: E402
from broadcasts.audience import Audience  # noqa: E402
from broadcasts.compose import make_content, replies_for  # noqa: E402
from broadcasts.delivery import finish_done, start_due  # noqa: E402
from broadcasts.lifecycle import create_broadcast, status_of  # noqa: E402
from db.tables import ChatAccount, OutboxMessage, Person, RoleGrant  # noqa: E402
from tests.doubles.line_api import LineApiDouble, line_user_id  # noqa: E402
from tests.doubles.telegram_api import TelegramApiDouble  # noqa: E402

LINE_REQUESTS_PER_SECOND = 200  # LINE's multicast limit (not enforced by the double)
MULTICAST_PATH = "/v2/bot/message/multicast"
SEND_METHODS = {"sendmessage", "sendphoto"}
TELEGRAM_IDS = 100_000  # chat ids 100000, 100001, ...


@dataclass
class Replica:
    """One worker with its own engine and adapters."""

    engine: object
    sessions: object
    channels: dict
    worker: OutboxWorker


# -- database ------------------------------------------------------------------------------
async def create_database(server_url: str) -> tuple[str, str]:
    """A fresh PostgreSQL database on the server of ``server_url``: (its URL, its name)."""
    import asyncpg

    admin = make_url(server_url)
    name = f"dgbot_bench_{uuid.uuid4().hex[:10]}"
    dsn = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return admin.set(database=name).render_as_string(hide_password=False), name


async def drop_database(server_url: str, name: str) -> None:
    import asyncpg

    dsn = make_url(server_url).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


async def seed(sessions, recipients: int, now: datetime) -> tuple[list[str], list[str]]:
    """``recipients`` admins, the first half on Telegram, the rest on LINE."""
    half = recipients // 2
    telegram = [str(TELEGRAM_IDS + n) for n in range(half)]
    line = [line_user_id(f"b{n}") for n in range(half, recipients)]
    people = [{"id": n + 1, "language": "th", "created_at": now} for n in range(recipients)]
    accounts = [
        {
            "person_id": n + 1,
            "channel": "telegram" if n < half else "line",
            "platform_user_id": telegram[n] if n < half else line[n - half],
            "active": True,
            "muted": False,
            "created_at": now,
        }
        for n in range(recipients)
    ]
    grants = [{"person_id": n + 1, "role": "admin", "created_at": now} for n in range(recipients)]
    async with sessions() as session, session.begin():
        for table, rows in ((Person, people), (ChatAccount, accounts), (RoleGrant, grants)):
            for start in range(0, len(rows), 2000):
                await session.execute(insert(table), rows[start : start + 2000])
    return telegram, line


# -- the run ---------------------------------------------------------------------------------
def settings_for(url: str, line: LineApiDouble, telegram: TelegramApiDouble) -> Settings:
    return Settings(
        database_url=url,
        line_channel_secret="bench-line-secret",
        line_channel_access_token=line.access_token,
        line_api_base_url=line.base_url,
        telegram_bot_token=telegram.token,
        telegram_webhook_secret="bench-telegram-secret",
        telegram_api_base_url=telegram.base_url,
        public_base_url="https://dgbot.example.go.th",
    )


async def make_replica(url: str, settings: Settings, clock: SystemClock, rate: float) -> Replica:
    engine = create_engine(url)
    sessions = session_factory(engine)
    channels = build_channels(settings, sessions, clock)
    for channel in channels.values():
        if hasattr(channel, "start"):
            await channel.start()
    worker = OutboxWorker(sessions, channels, clock, rates={"telegram": rate})
    return Replica(engine, sessions, channels, worker)


async def wait_done(sessions, clock, broadcast_id: str, channels: set[str], poll: float) -> float:
    """Call ``finish_done`` every ``poll`` seconds until the broadcast is done; when it was."""
    while True:
        async with sessions() as session:
            closed = await finish_done(session, clock.now(), channels)
        if broadcast_id in closed:
            return time.monotonic()
        await asyncio.sleep(poll)


def copies(line: LineApiDouble, telegram: TelegramApiDouble, tg_ids, line_ids, per_message):
    """How many times each recipient got the broadcast."""
    got: Counter = Counter()
    for delivery in line.deliveries:
        if delivery.kind == "multicast" and delivery.delivered:
            got[delivery.to] += 1
    for chat in tg_ids:
        got[chat] += len(telegram.messages_to(int(chat))) / per_message
    return {recipient: got.get(recipient, 0) for recipient in [*tg_ids, *line_ids]}


def gaps(times: list[float], start: float, top: int = 3) -> list[tuple[float, float]]:
    """The longest pauses between consecutive sends: (seconds after start, length)."""
    pauses = sorted(((b - a, a - start) for a, b in itertools.pairwise(times)), reverse=True)
    return [(round(at, 2), round(length, 2)) for length, at in pauses[:top]]


async def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    clock = SystemClock()
    dropping = None
    folder = None
    if args.database_url and make_url(args.database_url).get_backend_name() == "postgresql":
        url, dropping = await create_database(args.database_url)
    elif args.database_url:
        url = args.database_url
    else:
        folder = tempfile.TemporaryDirectory(prefix="dgbot-bench-")
        url = f"sqlite:///{folder.name}/bench.db"
    if args.replicas > 1 and make_url(url).get_backend_name() != "postgresql":
        print("--replicas > 1 needs PostgreSQL (--database-url)", file=sys.stderr)
        return 2
    engine = create_engine(url)
    replicas: list[Replica] = []
    line = LineApiDouble()
    telegram = TelegramApiDouble(rate_limit=args.telegram_rate, rate_window=1.0)
    try:
        await prepare_database(engine)
        sessions = session_factory(engine)
        now = clock.now()
        tg_ids, line_ids = await seed(sessions, args.recipients, now)
        await asyncio.to_thread(line.start)
        await asyncio.to_thread(telegram.start)
        half = args.fault_rate / 2
        injected = {  # on the broadcast's send calls only (getMe etc. pass)
            "telegram 429": telegram.fail_randomly(
                429, half, seed=args.seed, retry_after=1, method="sendMessage"
            ),
            "telegram 500": telegram.fail_randomly(
                500, half, seed=args.seed + 1, method="sendMessage"
            ),
            "line 429": line.fail_randomly(
                429, half, seed=args.seed + 2, retry_after=1, path_prefix=MULTICAST_PATH
            ),
            "line 500": line.fail_randomly(
                500, half, seed=args.seed + 3, path_prefix=MULTICAST_PATH
            ),
        }
        settings = settings_for(url, line, telegram)
        pace = args.telegram_rate * args.pace
        replicas = [await make_replica(url, settings, clock, pace) for _ in range(args.replicas)]
        names = set(replicas[0].channels)
        async with sessions() as session:
            broadcast, selection = await create_broadcast(
                session,
                content=make_content(text="ประกาศทดสอบ: benchmark ของการส่งประกาศ"),
                audience=Audience(),
                at=now,
                now=now,
                channels=names,
                author="bench",
            )
            await session.commit()
        per_message = (
            replicas[0].channels["telegram"].messages_per_recipient(replies_for(broadcast.content))
        )
        per_channel = selection.per_channel()
        telegram_sends = per_channel.get("telegram", 0) * per_message
        multicasts = -(-per_channel.get("line", 0) // 500)
        minimum = max(telegram_sends / args.telegram_rate, multicasts / LINE_REQUESTS_PER_SECOND)
        timeout = args.timeout or 3 * minimum + 60
        print(
            f"recipients: {selection.recipients} {per_channel} "
            f"({per_message} Telegram message(s) each, {multicasts} LINE multicasts)"
        )
        print(
            f"limits: Telegram {args.telegram_rate}/s (worker pace {pace:g}/s = "
            f"{args.pace:g} x), LINE {LINE_REQUESTS_PER_SECOND} multicasts/s; "
            f"faults {args.fault_rate:.1%} (half 429, half 500); "
            f"{make_url(url).get_backend_name()}, {args.replicas} replica(s), "
            f"{args.lanes} lanes, idle {args.idle:g}s"
        )
        print(f"theoretical minimum: {minimum:.2f}s")

        stop = asyncio.Event()
        started = time.monotonic()
        async with sessions() as session:
            await start_due(session, clock.now(), names)
        materialised = time.monotonic()
        workers = [
            asyncio.create_task(r.worker.run(stop, idle=args.idle, lanes=args.lanes))
            for r in replicas
        ]
        timed_out = False
        try:
            done = await asyncio.wait_for(
                wait_done(sessions, clock, broadcast.id, names, args.poll), timeout
            )
        except TimeoutError:
            timed_out, done = True, time.monotonic()
        stop.set()
        await asyncio.gather(*workers)
        elapsed = done - started

        calls = telegram.calls + line.calls
        sends = [
            c
            for c in calls
            if c.path.rsplit("/", 1)[-1].lower() in SEND_METHODS or c.path == MULTICAST_PATH
        ]
        ok_times = sorted(c.at for c in sends if c.status == 200)
        tg_statuses = Counter(
            c.status for c in sends if c.path.rsplit("/", 1)[-1].lower() in SEND_METHODS
        )
        flood = tg_statuses[429] - injected["telegram 429"].hits
        got = copies(line, telegram, tg_ids, line_ids, per_message)
        async with sessions() as session:
            status = await status_of(session, broadcast.id)
            failed_rows = await session.scalars(
                select(OutboxMessage.recipients).where(
                    OutboxMessage.broadcast_id == broadcast.id, OutboxMessage.status == "failed"
                )
            )
            failed = {r for recipients in failed_rows for r in recipients}
            attempts = Counter(
                await session.scalars(
                    select(OutboxMessage.attempts).where(OutboxMessage.broadcast_id == broadcast.id)
                )
            )
        duplicates = sum(1 for n in got.values() if n > 1)
        lost = sum(1 for r, n in got.items() if n == 0 and r not in failed)

        print()
        print(f"completion: {elapsed:.2f}s  ratio {elapsed / minimum:.3f} x minimum (goal 1.10)")
        if ok_times:
            first, last = ok_times[0] - started, ok_times[-1] - started
            steady = len(ok_times) / max(ok_times[-1] - ok_times[0], 1e-9)
            p99 = ok_times[int(0.99 * (len(ok_times) - 1))] - started
            print(
                f"  start_due {materialised - started:.2f}s; first send at {first:.2f}s, "
                f"99% of sends by {p99:.2f}s, last at {last:.2f}s, done seen at {elapsed:.2f}s"
            )
            print(f"  achieved {steady:.1f} sends/s between first and last send")
            tried: dict[object, float] = {}
            for call in sends:
                key = (call.json or {}).get("chat_id") if call.path != MULTICAST_PATH else None
                if key is not None:
                    tried.setdefault(key, call.at)
            attempts_made = sum(tg_statuses.values())
            if tried:
                first_pass = max(tried.values()) - started
                print(
                    f"  every Telegram chat tried once by {first_pass:.2f}s; then a retry tail "
                    f"of {elapsed - first_pass:.2f}s. {attempts_made} Telegram send calls need "
                    f"{attempts_made / pace:.2f}s at the worker's pace"
                )
            print(f"  longest pauses between sends (at s, length s): {gaps(ok_times, started)}")
        print(f"  rows by attempts: {dict(sorted(attempts.items()))}")
        print(
            "injected: "
            + ", ".join(f"{name} {rule.hits}" for name, rule in injected.items())
            + f"; flood 429s from the Telegram double's own limit: {flood}"
        )
        print(
            f"duplicates: {duplicates}  lost: {lost}  failed: {len(failed)}"
            + ("  TIMED OUT" if timed_out else "")
        )
        print("status: " + json.dumps(status, ensure_ascii=False))
        if timed_out:
            return 2
        return 1 if duplicates or lost else 0
    finally:
        for replica in replicas:
            for channel in replica.channels.values():
                await channel.close()
            await replica.engine.dispose()
        await engine.dispose()
        await asyncio.to_thread(line.stop)
        await asyncio.to_thread(telegram.stop)
        if dropping:
            await drop_database(args.database_url, dropping)
        if folder is not None:
            folder.cleanup()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument(
        "--telegram-rate", type=int, default=300, help="Telegram's limit, scaled (sends/s)"
    )
    parser.add_argument(
        "--pace", type=float, default=1.0, help="the worker's pace as a fraction of the limit"
    )
    parser.add_argument("--fault-rate", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument(
        "--database-url", help="SQLite URL, or a PostgreSQL server (a throwaway database)"
    )
    parser.add_argument("--replicas", type=int, default=1, choices=(1, 2))
    parser.add_argument("--lanes", type=int, default=2)
    parser.add_argument("--idle", type=float, default=1.0, help="the worker's idle poll (app: 1)")
    parser.add_argument("--poll", type=float, default=0.1, help="finish_done poll interval")
    parser.add_argument("--timeout", type=float, help="default: 3 x minimum + 60 s")
    args = parser.parse_args()
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
