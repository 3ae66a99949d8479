"""The command-line contract, run as real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx

from tests.serving import running_server

DGBOT = str(Path(sys.executable).with_name("dgbot"))
KEYS = {"query", "intent", "indicator", "dimension", "suggestions", "reply"}


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LINE_", "TELEGRAM_"))}
    return subprocess.run(
        [DGBOT, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )


def test_ask_json_one_query() -> None:
    out = json.loads(run("ask", "--json", "ข้อ 2.4 ปี 2559").stdout)
    assert set(out) >= KEYS
    assert out["intent"] == "indicator"
    assert out["indicator"] == {
        "framework": "2559",
        "code": "2.4",
        "name_en": "Government Cloud",
        "name_th": "Government Cloud",
    }
    assert out["dimension"] is None and out["suggestions"] == []
    assert "Government Cloud" in out["reply"]


def test_ask_json_reads_stdin_one_object_per_line_in_order() -> None:
    queries = [
        "สวัสดีครับ",
        "indicator 3.3",
        "มิติที่ 2",
        "leadership",
        "ผลบอลเมื่อคืน",
        "Interoprability",
        "ความเป็นผู้น\u0e4d\u0e32ด้าน\u200bดิจิทัล",
    ]
    lines = run("ask", "--json", "-", stdin="\n".join(queries) + "\n").stdout.splitlines()
    objects = [json.loads(line) for line in lines]
    assert [o["query"] for o in objects] == queries
    assert [o["intent"] for o in objects] == [
        "greeting",
        "indicator",
        "dimension",
        "clarify",
        "unknown",
        "indicator",
        "indicator",
    ]
    assert objects[2]["dimension"]["name_en"] == "Digital Capabilities"
    assert objects[2]["dimension"]["framework"] == "2560"
    assert all(set(s) >= {"name_en", "framework"} for s in objects[3]["suggestions"])
    assert objects[5]["indicator"]["name_en"] == "Interoperability"
    assert objects[6]["indicator"]["code"] == "2.2"


def test_serve_listens_on_the_given_address(tmp_path) -> None:
    with running_server(f"sqlite:///{tmp_path / 'serve.db'}") as base:
        assert httpx.get(f"{base}/healthz").json() == {"status": "ok"}
    assert (tmp_path / "serve.db").exists()


def test_db_upgrade(tmp_path) -> None:
    env_db = f"sqlite:///{tmp_path / 'cli.db'}"
    result = subprocess.run(
        [DGBOT, "db", "upgrade"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DGBOT_DATABASE_URL": env_db},
    )
    assert "up to date" in result.stdout


def test_chat_in_the_terminal_with_numbered_buttons() -> None:
    out = run("chat", stdin="ความเป็นผู้นำด้านดิจิทัล\n#1\nผลบอลเมื่อคืน\n").stdout
    assert "2.2 Digital Leadership" in out
    assert "[#1] อ่านต่อ (2/2)" in out
    assert "ส่วนที่ 2/2" in out  # #1 pressed "read more"
    assert "ขออภัยครับ" in out  # the out-of-scope question


def test_serve_refuses_an_unknown_role(tmp_path) -> None:
    result = subprocess.run(
        [DGBOT, "serve", "--role", "everything"],
        capture_output=True,
        text=True,
        env={**os.environ, "DGBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'role.db'}"},
        timeout=120,
    )
    assert result.returncode != 0 and "--role" in result.stderr


def test_worker_runs_until_sigterm_and_exits_cleanly(tmp_path) -> None:
    env = {
        **os.environ,
        "DGBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'worker.db'}",
        "DGBOT_LOG_LEVEL": "INFO",
        "DGBOT_LOG_FORMAT": "text",
    }
    process = subprocess.Popen(
        [DGBOT, "worker"], env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )
    try:
        for line in process.stderr:  # the schema is made and the loops run
            if "dgbot worker ready" in line:
                break
        process.terminate()
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
    assert (tmp_path / "worker.db").exists()
