"""Accuracy of intent + item on the labelled sets, and behaviour on hard cases."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.context import Services
from bot.understanding import Understanding

DATA = Path(__file__).parents[1] / "data"


def load(name: str) -> list[dict]:
    return yaml.safe_load((DATA / f"{name}_queries.yaml").read_text(encoding="utf-8"))


def label_of(result: Understanding) -> tuple:
    item = result.intent in ("indicator", "dimension") and result.best
    return (
        result.intent,
        item.target.framework if item else None,
        item.target.code if item else None,
    )


def accuracy(services: Services, rows: list[dict]) -> tuple[float, list]:
    misses = []
    for row in rows:
        got = label_of(services.understander.understand(row["query"]))
        expected = (row["intent"], row.get("framework"), row.get("code"))
        if got != expected:
            misses.append((row["query"], expected, got))
    return 1 - len(misses) / len(rows), misses


def test_labelled_sets_are_large_and_valid(services: Services) -> None:
    rows = load("labelled") + load("heldout")
    assert len(load("labelled")) >= 150
    intents = {"indicator", "dimension", "score", "bcp", "help", "greeting", "unknown"}
    for row in rows:
        assert row["intent"] in intents
        if row["intent"] == "indicator":
            assert services.kb.indicator(row["framework"], row["code"]), row
        if row["intent"] == "dimension":
            assert services.kb.dimension(row["framework"], row["code"]), row


@pytest.mark.parametrize(("name", "floor"), [("labelled", 0.93), ("heldout", 0.85)])
def test_accuracy_floor(services: Services, name: str, floor: float) -> None:
    """The tuning set (labelled) and the independent held-out set must not regress."""
    score, misses = accuracy(services, load(name))
    assert score >= floor, misses


@pytest.mark.parametrize(
    "text",
    [
        "พยากรณ์อากาศวันนี้",
        "ผลบอลเมื่อคืน",
        "ราคาทองวันนี้",
        "digital camera ราคา",
        "🙂🙂",
        "???",
        "what's the weather in Bangkok",
        "หวยออกอะไร",
    ],
)
def test_out_of_scope_never_gets_an_indicator(services: Services, text: str) -> None:
    result = services.understander.understand(text)
    assert result.intent == "unknown" and result.best is None


def test_unsure_offers_at_most_three_choices(services: Services) -> None:
    result = services.understander.understand("leadership")
    assert result.intent == "clarify"
    assert 1 < len(result.suggestions) <= 3


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("คะแนนของเราเป็นอย่างไร", "score"),
        ("what is our score", "score"),
        ("ส่งแผน BCP ที่ไหน", "bcp"),
        ("BCP deadline", "bcp"),
        ("สวัสดีครับ", "greeting"),
        ("help", "help"),
        ("/start", "help"),
        ("ขอบคุณครับ", "greeting"),
    ],
)
def test_intents(services: Services, text: str, intent: str) -> None:
    assert services.understander.understand(text).intent == intent


def test_language_follows_the_script(services: Services) -> None:
    assert services.understander.understand("what is digital literacy").language == "en"
    assert services.understander.understand("Digital Literacy").language == "th"  # a bare name
    assert services.understander.understand("ความรู้ดิจิทัล").language == "th"
