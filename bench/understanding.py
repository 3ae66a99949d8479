"""Understanding benchmark: our pipeline against plain rapidfuzz on the same labelled sets.

Run: ``.venv/bin/python bench/understanding.py`` (prints a table; no assertions).
Baseline: ``rapidfuzz.process.extractOne(query, names, scorer=fuzz.ratio)`` over every
indicator and dimension name (English, Thai, aliases), rapidfuzz's default processor.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.understanding import Understander
from knowledge.loader import load_knowledge
from knowledge.search import Searcher

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
ITEM_INTENTS = {"indicator", "dimension"}


def load(name: str) -> list[dict]:
    return yaml.safe_load((DATA / f"{name}_queries.yaml").read_text(encoding="utf-8"))


def expected(row: dict) -> tuple:
    return (row["intent"], row.get("framework"), row.get("code"))


def baseline_names(kb) -> tuple[list[str], list[tuple]]:
    names, labels = [], []
    for (year, code), entry in kb.indicators.items():
        ind = entry.indicator
        for name in filter(None, (ind.name_en, ind.name_th, *ind.aliases)):
            names.append(name)
            labels.append(("indicator", year, code))
    for (year, code), entry in kb.dimensions.items():
        dim = entry.dimension
        for name in filter(None, (dim.name_en, dim.name_th, *dim.aliases)):
            names.append(name)
            labels.append(("dimension", year, code))
    return names, labels


def timed(function, queries: list[str], repeats: int = 5) -> tuple[list, float]:
    """Results of one pass and the median seconds per query over ``repeats`` passes."""
    results = [function(q) for q in queries]  # warm-up and the answers
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        for query in queries:
            function(query)
        runs.append((time.perf_counter() - start) / len(queries))
    return results, statistics.median(runs)


def main() -> None:
    kb = load_knowledge()
    understander = Understander(Searcher(kb))
    names, labels = baseline_names(kb)

    def ours(query: str) -> tuple:
        result = understander.understand(query)
        item = result.intent in ITEM_INTENTS and result.best
        return (
            result.intent,
            item.target.framework if item else None,
            item.target.code if item else None,
        )

    def baseline(query: str) -> tuple:
        _, _, index = process.extractOne(query, names, scorer=fuzz.ratio)
        return labels[index]

    print(
        f"{'set':<10}{'n':>5}{'ours':>9}{'baseline':>10}{'ratio':>8}"
        f"{'items ours':>12}{'items base':>12}{'ms ours':>9}{'ms base':>9}{'time ratio':>12}"
    )
    for name in ("labelled", "heldout"):
        rows = load(name)
        queries = [row["query"] for row in rows]
        our_answers, our_time = timed(ours, queries)
        base_answers, base_time = timed(baseline, queries)
        truth = [expected(row) for row in rows]
        acc_ours = sum(a == t for a, t in zip(our_answers, truth, strict=True)) / len(rows)
        acc_base = sum(a == t for a, t in zip(base_answers, truth, strict=True)) / len(rows)
        items = [i for i, t in enumerate(truth) if t[0] in ITEM_INTENTS]
        item_ours = sum(our_answers[i] == truth[i] for i in items) / len(items)
        item_base = sum(base_answers[i] == truth[i] for i in items) / len(items)
        print(
            f"{name:<10}{len(rows):>5}{acc_ours:>9.1%}{acc_base:>10.1%}{acc_ours / acc_base:>8.2f}"
            f"{item_ours:>12.1%}{item_base:>12.1%}{our_time * 1e3:>9.3f}{base_time * 1e3:>9.3f}"
            f"{our_time / base_time:>12.1f}"
        )
    print(
        "accuracy = intent and item both right; items = on queries about an indicator or dimension;"
    )
    print(
        "baseline always answers an item, so it cannot be right on score/bcp/help/greeting/unknown."
    )


if __name__ == "__main__":
    main()
