"""The machinery both platform doubles share: a real HTTP server on a free loopback port, run
by uvicorn in a background thread, recording every call and answering injected faults."""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any, Self
from urllib.parse import parse_qsl

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

ClockLike = Callable[[], float] | Any  # a callable giving seconds, or an object with .now()


def seconds_clock(clock: ClockLike | None) -> Callable[[], float]:
    """Accept ``time.monotonic``-like callables and dgbot's ``FakeClock`` (``.now()``)."""
    if clock is None:
        return time.monotonic
    if hasattr(clock, "now"):
        return lambda: clock.now().timestamp()
    return clock


@dataclass(frozen=True)
class Upload:
    """One file part of a multipart request."""

    filename: str | None
    content_type: str
    data: bytes


@dataclass
class Call:
    """One HTTP request the double received, as it arrived."""

    method: str
    path: str
    headers: dict[str, str]  # every request header, names lower-cased
    query: dict[str, str]
    body: bytes
    at: float  # the double's clock when the request arrived
    json: Any = None  # the parsed body (for Telegram: the method's decoded parameters)
    form: dict[str, str] = field(default_factory=dict)  # urlencoded / multipart text fields
    files: dict[str, Upload] = field(default_factory=dict)
    status: int | None = None  # the status answered (set before any injected delay)


@dataclass
class Rule:
    """An injected fault or delay, consumed by the next ``times`` matching calls.

    With ``rng`` set, each matching call is hit only with ``probability`` (one draw from
    ``rng`` per matching call that reaches the rule, so a seeded ``random.Random`` makes the
    sequence of hits reproducible); ``times=None`` never runs out. ``hits`` counts the calls
    the rule answered."""

    match: Callable[[Call], bool]
    times: int | None
    status: int = 0
    retry_after: int | None = None
    body: Any = None
    seconds: float = 0.0
    probability: float = 1.0
    rng: random.Random | None = None
    hits: int = 0


def image_kind(data: bytes) -> str | None:
    """The image format the bytes start with, if any."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def png_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a PNG's IHDR chunk."""
    if image_kind(data) != "png" or len(data) < 24:
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, as LINE and Telegram count characters."""
    return len(text.encode("utf-16-le")) // 2


def parse_multipart(content_type: str, body: bytes) -> tuple[dict[str, str], dict[str, Upload]]:
    """Split a multipart/form-data body into text fields and files (stdlib only)."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    fields: dict[str, str] = {}
    files: dict[str, Upload] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        payload = part.get_payload(decode=True) or b""
        filename = part.get_filename()
        if filename is not None or part.get_content_type() not in ("text/plain",):
            files[name] = Upload(filename, part.get_content_type(), payload)
        else:
            fields[name] = payload.decode(part.get_content_charset() or "utf-8")
    return fields, files


class HttpDouble:
    """Base of the platform doubles: lifecycle, call log, fault and delay queues.

    Subclasses implement ``_handle(call) -> Response`` (called under ``self._lock``) and
    ``_reset_state()``.
    """

    def __init__(self, clock: ClockLike | None = None) -> None:
        self._clock = seconds_clock(clock)
        self._wall = self._clock if clock is not None else time.time  # for dates in answers
        self._lock = threading.RLock()
        self._calls: list[Call] = []
        self._faults: list[Rule] = []
        self._delays: list[Rule] = []
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._base_url: str | None = None
        methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]
        self._app = Starlette(routes=[Route("/{path:path}", self._endpoint, methods=methods)])

    # -- lifecycle ---------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` while running."""
        if self._base_url is None:
            raise RuntimeError(f"{type(self).__name__} is not running: call start()")
        return self._base_url

    def start(self, timeout: float = 10.0) -> Self:
        """Serve on a fresh loopback port; returns once the server accepts connections."""
        if self._thread is not None:
            return self
        # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY only on sockets whose proto says
        # TCP; with proto 0, Nagle + delayed ACK add ~40 ms to every request.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        config = uvicorn.Config(
            self._app,
            lifespan="off",
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=1,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=asyncio.run,
            args=(self._serve(sock),),
            name=f"{type(self).__name__}:{port}",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{type(self).__name__} did not start")
            time.sleep(0.002)  # waiting for our own server thread to bind, not for a clock
        self._base_url = f"http://127.0.0.1:{port}"
        return self

    async def _serve(self, sock: socket.socket) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        await self._server.serve(sockets=[sock])

    def stop(self) -> None:
        """Stop serving: held (delayed) responses are released, the thread is joined."""
        if self._thread is None:
            return
        self._server.should_exit = True
        if self._loop is not None and self._stopping is not None:
            with contextlib.suppress(RuntimeError):  # loop already closed
                self._loop.call_soon_threadsafe(self._stopping.set)
        self._thread.join(timeout=10)
        self._thread = self._server = self._loop = self._stopping = self._base_url = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def __aenter__(self) -> Self:
        return await asyncio.to_thread(self.start)

    async def __aexit__(self, *exc: object) -> None:
        await asyncio.to_thread(self.stop)

    # -- inspection and faults ---------------------------------------------------------------
    def now(self) -> float:
        """The double's clock, in seconds."""
        return self._clock()

    def unix_time(self) -> int:
        """Seconds since the epoch for dates in answers: the given clock, else the real time."""
        return int(self._wall())

    @property
    def calls(self) -> list[Call]:
        """Every request received so far, oldest first (a copy of the log)."""
        with self._lock:
            return list(self._calls)

    def _add_delay(self, seconds: float, times: int, match: Callable[[Call], bool]) -> None:
        """Process the next ``times`` matching calls normally, then hold each response for
        ``seconds`` (released at once by ``stop()``): the client times out although the
        platform did act, which is exactly the case retry keys exist for."""
        with self._lock:
            self._delays.append(Rule(match, times, seconds=seconds))

    def reset(self) -> None:
        """Forget calls, pending faults and delays, and the platform state (see subclass)."""
        with self._lock:
            self._calls.clear()
            self._faults.clear()
            self._delays.clear()
            self._reset_state()

    def _reset_state(self) -> None:
        raise NotImplementedError

    def _handle(self, call: Call) -> Response:
        raise NotImplementedError

    def _add_fault(self, rule: Rule) -> Rule:
        with self._lock:
            self._faults.append(rule)
        return rule

    def _random_fault(
        self,
        match: Callable[[Call], bool],
        status: int,
        probability: float,
        seed: int | str | None,
        retry_after: int | None,
        body: Any,
    ) -> Rule:
        """A fault answering each matching call with ``probability`` (seeded), unlimited."""
        if not 0.0 <= probability <= 1.0:
            raise ValueError("probability must be between 0 and 1")
        rng = random.Random(seed)
        return self._add_fault(
            Rule(match, None, status, retry_after, body, probability=probability, rng=rng)
        )

    def _take(self, rules: list[Rule], call: Call) -> Rule | None:
        with self._lock:
            for rule in rules:
                if not rule.match(call):
                    continue
                if rule.rng is not None and rule.rng.random() >= rule.probability:
                    continue  # not this time: later rules may still answer
                rule.hits += 1
                if rule.times is not None:
                    rule.times -= 1
                    if rule.times <= 0:
                        rules.remove(rule)
                return rule
        return None

    def _take_fault(self, call: Call) -> Rule | None:
        return self._take(self._faults, call)

    # -- the ASGI endpoint -------------------------------------------------------------------
    async def _endpoint(self, request: Request) -> Response:
        body = await request.body()
        call = Call(
            method=request.method,
            path=request.url.path,
            headers={k.lower(): v for k, v in request.headers.items()},
            query=dict(request.query_params),
            body=body,
            at=self.now(),
        )
        content_type = call.headers.get("content-type", "")
        if "json" in content_type and body:
            with contextlib.suppress(ValueError):
                call.json = json.loads(body)
        elif content_type.startswith("application/x-www-form-urlencoded"):
            call.form = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        elif content_type.startswith("multipart/form-data"):
            call.form, call.files = parse_multipart(content_type, body)
        with self._lock:
            self._calls.append(call)
            response = self._handle(call)
            call.status = response.status_code
        delay = self._take(self._delays, call)
        if delay is not None and self._stopping is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), delay.seconds)
        return response
