"""Resolving an import's item column: Overall, a dimension or an indicator of a framework."""

from __future__ import annotations

import pytest

from knowledge.loader import KnowledgeBase
from scoring.items import OVERALL, Item, ItemResolver


@pytest.fixture(scope="module")
def resolver(kb: KnowledgeBase) -> ItemResolver:
    return ItemResolver(kb)


@pytest.mark.parametrize(
    ("framework", "text", "expected"),
    [
        # canonical English names
        ("2560", "Interoperability", Item("indicator", "4.3")),
        ("2560", "Leadership Continuity Plan", Item("indicator", "2.3")),
        ("2560", "IoT, AI or other advanced Technologies", Item("indicator", "6.2")),
        ("2560", "Policies/Practices", Item("dimension", "1")),
        ("2560", "Smart Back Office", Item("dimension", "4")),
        ("2559", "Inter-operability", Item("indicator", "3.4")),
        ("2559", "Leadership continuity plan", Item("indicator", "4.3")),
        ("2559", "Smart Back Office Practices", Item("dimension", "3")),
        # codes
        ("2560", "2.3", Item("indicator", "2.3")),
        ("2560", "2", Item("dimension", "2")),
        ("2560", "6.3", Item("indicator", "6.3")),
        ("2559", "1.6", Item("indicator", "1.6")),
        ("2559", "6", Item("dimension", "6")),
        # aliases (the spellings of seed 001's score table)
        ("2560", "Digital Government Policies", Item("indicator", "1.1")),
        ("2560", "Smart Back Office Practices", Item("dimension", "4")),
        ("2560", "Policies and Practices", Item("dimension", "1")),
        ("2560", "Big Data Analytic/ Predictive Analytic", Item("indicator", "6.1")),
        # Thai names
        ("2560", "แผนการสานต่อภารกิจ", Item("indicator", "2.3")),
        ("2560", "ศักยภาพของเจ้าหน้าที่ภาครัฐด้านดิจิทัล", Item("dimension", "2")),
        # Thai digits in a code
        ("2560", "๒.๓", Item("indicator", "2.3")),
    ],
)
def test_resolve_names_codes_and_aliases(
    resolver: ItemResolver, framework: str, text: str, expected: Item
) -> None:
    assert resolver.resolve(framework, text) == expected


@pytest.mark.parametrize(
    "text", ["Overall", "overall", "OVERALL", "  Overall ", "ภาพรวม", "คะแนนรวม"]
)
@pytest.mark.parametrize("framework", ["2559", "2560"])
def test_resolve_overall(resolver: ItemResolver, framework: str, text: str) -> None:
    assert resolver.resolve(framework, text) == OVERALL
    assert OVERALL == Item("overall", "")


@pytest.mark.parametrize(
    "text", ["interoperability", "INTEROPERABILITY", "  Interoperability  ", "inTerOperability"]
)
def test_resolve_is_case_and_space_insensitive(resolver: ItemResolver, text: str) -> None:
    assert resolver.resolve("2560", text) == Item("indicator", "4.3")


def test_resolve_collapses_inner_spaces(resolver: ItemResolver) -> None:
    assert resolver.resolve("2560", "leadership   CONTINUITY\tplan") == Item("indicator", "2.3")


@pytest.mark.parametrize(
    ("framework", "text"),
    [
        ("2560", "Nonsense"),
        ("2560", "Inteoperability"),  # a typo is not silently accepted
        ("2560", "7"),
        ("2560", "2.9"),
        ("2560", ""),
        ("2559", "Interoperability"),  # the 2559 framework spells it Inter-operability
        ("2559", "Digital Government Policy"),  # a 2560-only indicator
        ("2561", "Interoperability"),  # no such framework
    ],
)
def test_resolve_unknown_is_none(resolver: ItemResolver, framework: str, text: str) -> None:
    assert resolver.resolve(framework, text) is None


def test_frameworks_keep_their_own_codes(resolver: ItemResolver) -> None:
    # the same name sits under different codes in the two frameworks
    assert resolver.resolve("2560", "Leadership Continuity Plan") == Item("indicator", "2.3")
    assert resolver.resolve("2559", "Leadership Continuity Plan") == Item("indicator", "4.3")


def test_every_indicator_and_dimension_resolves_by_name_and_code(
    resolver: ItemResolver, kb: KnowledgeBase
) -> None:
    for (framework, code), entry in kb.indicators.items():
        assert resolver.resolve(framework, entry.indicator.name_en) == Item("indicator", code)
        assert resolver.resolve(framework, code) == Item("indicator", code)
    for (framework, code), entry in kb.dimensions.items():
        assert resolver.resolve(framework, entry.dimension.name_en) == Item("dimension", code)
        assert resolver.resolve(framework, code) == Item("dimension", code)


@pytest.mark.parametrize(
    ("framework", "typo", "expected"),
    [
        ("2560", "Inteoperability", "Interoperability"),
        ("2560", "Leadrship Continuty Plan", "Leadership Continuity Plan"),
        ("2560", "digital literacyy", "Digital Literacy"),
        ("2560", "Public Servises", "Public Services"),
        ("2559", "Inteoperability", "Inter-operability"),
    ],
)
def test_suggestion_for_a_typo(
    resolver: ItemResolver, framework: str, typo: str, expected: str
) -> None:
    assert resolver.suggestion(framework, typo) == expected


@pytest.mark.parametrize("text", ["qwerty zzz", "xyz", "ลำปาง"])
def test_no_suggestion_for_something_unrelated(resolver: ItemResolver, text: str) -> None:
    assert resolver.suggestion("2560", text) is None
