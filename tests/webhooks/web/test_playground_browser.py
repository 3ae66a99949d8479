"""The playground in a real headless Chromium (Debian's), driven by Playwright."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.serving import lampang_officer_code, running_server

CHROMIUM = os.environ.get("DGBOT_TEST_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('browser') / 'playground.db'}"


@pytest.fixture(scope="module")
def base_url(database: str) -> str:
    with running_server(database) as base:
        yield base


@pytest.fixture
def page(base_url: str, tmp_path: Path):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run the suite with `make test`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        context = browser.new_context(locale="th-TH", viewport={"width": 900, "height": 1100})
        page = context.new_page()
        page.goto(base_url)
        yield page
        shots = os.environ.get("DGBOT_TEST_SCREENSHOTS")
        if shots:
            page.screenshot(path=str(Path(shots) / "playground.png"), full_page=False)
        browser.close()


def test_ask_in_thai_and_get_the_recommendation(page) -> None:
    expect(page.locator(".msg.bot").first).to_contain_text("dgbot")  # the welcome/help message
    page.fill("#input", "แผนการสานต่อภารกิจ ควรทำอย่างไร")
    page.press("#input", "Enter")
    answer = page.locator(".msg.bot").nth(1)
    expect(answer).to_contain_text("Leadership Continuity Plan")
    expect(answer).to_contain_text("จัดทำแผนการเตรียมความพร้อมบุคลากร")
    expect(page.locator(".msg.user").last).to_have_text("แผนการสานต่อภารกิจ ควรทำอย่างไร")


def test_buttons_continue_the_conversation(page) -> None:
    page.fill("#input", "ความเป็นผู้นำด้านดิจิทัล")
    page.click("#send")
    expect(page.locator(".msg.bot").nth(1)).to_contain_text("Digital Leadership")
    page.locator(".msg.bot").nth(1).locator(".chip", has_text="อ่านต่อ").click()
    expect(page.locator(".msg.bot").nth(2)).to_contain_text("ส่วนที่ 2/")


def test_did_you_mean_in_english(page) -> None:
    page.fill("#input", "tell me about leadership")
    page.press("#input", "Enter")
    reply = page.locator(".msg.bot").nth(1)
    expect(reply).to_contain_text("Is it one of these?")
    reply.locator(".chip").first.click()
    expect(page.locator(".msg.bot").nth(2)).to_contain_text("Official recommendation")


def test_linked_officer_sees_report_and_chart(page, database: str) -> None:
    code = lampang_officer_code(database)
    page.fill("#input", f"ผูกบัญชี {code}")
    page.press("#input", "Enter")
    expect(page.locator(".msg.bot").nth(1)).to_contain_text("เรียบร้อย")
    page.fill("#input", "คะแนนของเราเป็นอย่างไร")
    page.press("#input", "Enter")
    summary = page.locator(".msg.bot").nth(2)
    expect(summary).to_contain_text("Smart Back Office 45.8")
    summary.locator(".chip", has_text="กราฟ").click()
    chart = page.locator(".msg.bot").nth(3).locator("img.chart")
    expect(chart).to_be_visible()
    page.wait_for_function("document.querySelector('img.chart').naturalWidth > 300")
    chart.scroll_into_view_if_needed()
