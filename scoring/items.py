"""Resolve an import's ``item`` column to Overall, a dimension or an indicator of a framework."""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.loader import KnowledgeBase
from knowledge.text import normalise


@dataclass(frozen=True)
class Item:
    """What a score is of: ``kind`` "overall" | "dimension" | "indicator", and its code."""

    kind: str
    code: str


OVERALL = Item("overall", "")


class ItemResolver:
    """Maps names (canonical English, aliases, Thai) and codes to items, per framework."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb
        self._by_name: dict[tuple[str, str], Item] = {}
        for (year, code), entry in kb.dimensions.items():
            dim = entry.dimension
            for name in (dim.name_en, dim.name_th, *dim.aliases, code):
                self._by_name.setdefault((year, normalise(name)), Item("dimension", code))
        for (year, code), entry in kb.indicators.items():
            ind = entry.indicator
            for name in filter(None, (ind.name_en, ind.name_th, *ind.aliases, code)):
                self._by_name.setdefault((year, normalise(name)), Item("indicator", code))

    def resolve(self, framework: str, text: str) -> Item | None:
        """The item named ``text`` in ``framework``, or ``None``."""
        key = normalise(text)
        if key in {"overall", "ภาพรวม", "คะแนนรวม"}:
            return OVERALL
        return self._by_name.get((framework, key))

    def suggestion(self, framework: str, text: str) -> str | None:
        """The closest canonical name, for an error message ("did you mean ...")."""
        from rapidfuzz import fuzz, process

        names = [e.indicator.name_en for (y, _), e in self._kb.indicators.items() if y == framework]
        names += [
            e.dimension.name_en for (y, _), e in self._kb.dimensions.items() if y == framework
        ]
        found = process.extractOne(
            normalise(text),
            [normalise(n) for n in names],
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=75,
        )
        return names[found[2]] if found else None
