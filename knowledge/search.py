"""Find the indicator or dimension a message is about: normalise, tokenise, score.

Pure and in memory. Every indicator and dimension contributes *phrases* (its names and
aliases in both languages, and the keywords of its recommendation). A phrase scores by
how much of it the query covers (tokens weighted by rarity, typos forgiven by a
token-level ``fuzz.ratio`` with ``processor=None``) and, to a lesser degree, by how much
of the query it explains. Codes such as "ข้อ 2.4 ปี 2559" or "indicator 3.3" are read
directly. The year mentioned ("2559", "2016") restricts the framework; otherwise the
newest framework wins a tie.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from knowledge.loader import FRAMEWORKS, KnowledgeBase
from knowledge.text import ThaiTokenizer, has_thai, normalise

STOPWORDS = frozenset(
    """
    ครับ คับ ค่ะ คะ ค่า นะ นะคะ นะครับ จ้า จ้ะ ฮะ หน่อย ด้วย อะไร อย่างไร ยังไง ไง คือ เป็น มี ไหม มั้ย
    บ้าง ควร ทำ การ ของ และ หรือ ที่ ใน ให้ ได้ เรื่อง เกี่ยวกับ ขอ ทราบ อยาก รู้ สอบถาม ถาม แนะนำ แนวทาง
    ช่วย บอก ตัวชี้วัด ข้อ มิติ ด้าน ปี กรอบ ความ เพื่อ จะ ต้อง กับ แก่ แล้ว นี้ นั้น หมายถึง
    ผม ดิฉัน หนู เรา พวกเรา ท่าน the a an of and or for to how do does about in on is are what
    my our we i me tell please indicator indicators dimension dimensions framework year
    recommendation recommendations advice improve can you with by be other
    """.split()
)
_YEAR = re.compile(r"(?<!\d)(2559|2560|2016|2017)(?!\d)|(?:ปี|พ\.ศ\.)\s*(59|60)(?![\d.])")
_YEAR_TO_FRAMEWORK = {
    "2559": "2559",
    "2016": "2559",
    "2560": "2560",
    "2017": "2560",
    "59": "2559",
    "60": "2560",
}
OLDER_FRAMEWORK_PENALTY = 0.03  # with no year named, the newer framework wins a tie
TWIN_MARGIN = 0.2  # how much worse the newer twin may fit and still be preferred
_CODE = re.compile(r"(?<![\d.])([1-6])\s?\.\s?([1-9])(?![\d.]*\d)")
_DIMENSION_WORD = re.compile(r"มิติ|^ด้าน|dimension|\bdim\b")
_DIMENSION_CODE = re.compile(r"(?:มิติ|ด้าน|dimension|\bdim\b)\s*(?:ที่|no\.?|#)?\s*([1-6])(?![\d.])")
_INDICATOR_WORD = re.compile(r"ตัวชี้วัด|indicator|ข้อ(?=\s*\d)")
_CODE_OR_YEAR = re.compile(r"\d\.\d|\d|25[56]\d|20[12]\d|[\d.]*\.")
_FUZZY_MIN_LEN = 5
_FUZZY_CUTOFF = 80.0


@dataclass(frozen=True)
class Target:
    """Something a query can be about."""

    kind: str  # "indicator" | "dimension"
    framework: str
    code: str


@dataclass(frozen=True)
class Match:
    """A scored target; ``via`` says what matched ("code", "name" or "keyword")."""

    target: Target
    score: float
    via: str
    coverage: float = 1.0  # share of the best phrase the query covered


@dataclass(frozen=True)
class _Phrase:
    target: Target
    tokens: tuple[str, ...]
    weight: float
    via: str


@dataclass(frozen=True)
class QueryFacts:
    """What the searcher read from a query besides the match list."""

    framework: str | None
    wants_dimension: bool
    wants_indicator: bool
    content_tokens: tuple[str, ...]


class Searcher:
    """Scores indicators and dimensions of a :class:`KnowledgeBase` against a query."""

    def __init__(self, kb: KnowledgeBase, tokenizer: ThaiTokenizer | None = None) -> None:
        self._kb = kb
        self.tokenizer = tokenizer or ThaiTokenizer(self._domain_words(kb))
        self._phrases: list[_Phrase] = []
        for (year, code), entry in kb.indicators.items():
            ind = entry.indicator
            target = Target("indicator", year, code)
            for name in (ind.name_en, ind.name_th, *ind.aliases):
                self._add(target, name, 1.0, "name")
            for keyword in ind.keywords:
                self._add(target, keyword, 0.9, "keyword")
        for (year, code), entry in kb.dimensions.items():
            dim = entry.dimension
            target = Target("dimension", year, code)
            for name in (dim.name_en, dim.name_th, *dim.aliases):
                self._add(target, name, 1.0, "name")
        self._index: dict[str, list[int]] = defaultdict(list)
        targets_with: dict[str, set[Target]] = defaultdict(set)
        for number, phrase in enumerate(self._phrases):
            for token in set(phrase.tokens):
                self._index[token].append(number)
                targets_with[token].add(phrase.target)
        total = len({p.target for p in self._phrases})
        self._idf = {t: math.log(1 + total / len(ts)) for t, ts in targets_with.items()}
        self._vocabulary = list(self._index)

    @staticmethod
    def _domain_words(kb: KnowledgeBase) -> list[str]:
        words = [k for e in kb.indicators.values() for k in e.indicator.keywords]
        for term in kb.glossary.terms:
            words.extend([term.term, *term.aliases])
        return [w for w in words if has_thai(w) and " " not in w and len(w) <= 15]

    def _add(self, target: Target, text: str | None, weight: float, via: str) -> None:
        if not text:
            return
        tokens = tuple(t for t in self.content_tokens(normalise(text)) if t)
        if tokens:
            self._phrases.append(_Phrase(target, tokens, weight, via))
        if len(tokens) > 1 and not has_thai("".join(tokens)):  # "opendata", "bigdata"
            self._phrases.append(_Phrase(target, ("".join(tokens),), weight, via))

    def content_tokens(self, normalised_text: str) -> list[str]:
        """Tokens of normalised text without stopwords, codes and years."""
        return [
            t
            for t in self.tokenizer.tokens(normalised_text)
            if t not in STOPWORDS and not _CODE_OR_YEAR.fullmatch(t)
        ]

    def _similar(self, token: str) -> dict[str, float]:
        """Vocabulary tokens close to ``token`` with their similarity (0-1)."""
        found = {token: 1.0} if token in self._index else {}
        if len(token) >= _FUZZY_MIN_LEN:
            for candidate, score, _ in process.extract(
                token,
                self._vocabulary,
                scorer=fuzz.ratio,
                processor=None,
                score_cutoff=_FUZZY_CUTOFF,
                limit=5,
            ):
                if len(candidate) >= _FUZZY_MIN_LEN - 1:
                    found[candidate] = max(found.get(candidate, 0.0), score / 100)
        return found

    def facts(self, normalised_query: str) -> QueryFacts:
        """Year, kind hints and content tokens of a normalised query."""
        year = _YEAR.search(normalised_query)
        return QueryFacts(
            framework=_YEAR_TO_FRAMEWORK[year.group(1) or year.group(2)] if year else None,
            wants_dimension=bool(_DIMENSION_WORD.search(normalised_query)),
            wants_indicator=bool(_INDICATOR_WORD.search(normalised_query)),
            content_tokens=tuple(self.content_tokens(normalised_query)),
        )

    def by_code(self, normalised_query: str, facts: QueryFacts) -> Match | None:
        """An exact match when the query names a code ("ข้อ 2.4", "มิติที่ 3")."""
        framework = facts.framework or FRAMEWORKS[0]
        dim_code = _DIMENSION_CODE.search(normalised_query)
        if dim_code and not _CODE.search(normalised_query):
            target = Target("dimension", framework, dim_code.group(1))
            return (
                Match(target, 1.0, "code") if self._kb.dimension(framework, target.code) else None
            )
        code = _CODE.search(_YEAR.sub(" ", normalised_query))
        if not code:
            return None
        number = f"{code.group(1)}.{code.group(2)}"
        # With no year, the newest framework that has the code (2560 has no 5.6, 2559 does).
        years = [facts.framework] if facts.framework else list(FRAMEWORKS)
        for year in years:
            if self._kb.indicator(year, number):
                return Match(Target("indicator", year, number), 1.0, "code")
        return None

    def search(self, query: str, limit: int = 5) -> tuple[list[Match], QueryFacts]:
        """Best targets for ``query`` (raw text), best first, and what was read from it."""
        text = normalise(query)
        facts = self.facts(text)
        exact = self.by_code(text, facts)
        if exact:
            return [exact], facts
        similar = {token: self._similar(token) for token in set(facts.content_tokens)}
        phrase_numbers = {n for sims in similar.values() for v in sims for n in self._index[v]}
        best: dict[Target, Match] = {}
        for number in phrase_numbers:
            phrase = self._phrases[number]
            if facts.framework and phrase.target.framework != facts.framework:
                continue
            score, coverage = self._score(phrase, facts.content_tokens, similar)
            score += self._hint_bonus(phrase.target, facts)
            if not facts.framework and phrase.target.framework != FRAMEWORKS[0]:
                score -= OLDER_FRAMEWORK_PENALTY
            current = best.get(phrase.target)
            if current is None or score > current.score:
                best[phrase.target] = Match(
                    phrase.target, round(score, 4), phrase.via, round(coverage, 4)
                )
        ranked = sorted(
            best.values(), key=lambda m: (-m.score, m.target.framework != FRAMEWORKS[0])
        )
        if not facts.framework:
            ranked = self._prefer_newest(ranked)
        return ranked[:limit], facts

    def _prefer_newest(self, ranked: list[Match]) -> list[Match]:
        """With no year named, an older item whose twin in the newest framework fits the
        query nearly as well is answered as the newest one (its answer links back)."""
        scores = {m.target: m.score for m in ranked}
        out: list[Match] = []
        seen: set[Target] = set()
        for match in ranked:
            target = match.target
            if target.kind == "indicator" and target.framework != FRAMEWORKS[0]:
                entry = self._kb.indicator(target.framework, target.code)
                for other in self._kb.related(entry):
                    twin = Target("indicator", *other.key)
                    if (
                        other.framework == FRAMEWORKS[0]
                        and scores.get(twin, 0) >= match.score - TWIN_MARGIN
                    ):
                        match = Match(twin, match.score, match.via, match.coverage)
                        break
            if match.target not in seen:
                seen.add(match.target)
                out.append(match)
        return out

    def _score(
        self, phrase: _Phrase, query_tokens: tuple[str, ...], similar: dict[str, dict[str, float]]
    ) -> tuple[float, float]:
        covered = 0.0
        explained: set[str] = set()
        for token in phrase.tokens:
            best = 0.0
            for query_token in query_tokens:
                sim = similar[query_token].get(token, 0.0)
                if sim > best:
                    best = sim
                if sim:
                    explained.add(query_token)
            covered += self._idf.get(token, 1.0) * best
        coverage = covered / sum(self._idf.get(t, 1.0) for t in phrase.tokens)
        weight = {t: self._idf.get(t, 2.0) for t in query_tokens}
        explain = sum(weight[t] for t in explained) / (sum(weight.values()) or 1.0)
        return phrase.weight * (0.75 * coverage + 0.25 * explain), coverage

    def twins(self, a: Target, b: Target) -> bool:
        """True when ``a`` and ``b`` are the same item in the two frameworks."""
        if a.kind != b.kind or a.framework == b.framework:
            return False
        if a.kind == "indicator":
            entry = self._kb.indicator(a.framework, a.code)
            return any(o.key == (b.framework, b.code) for o in self._kb.related(entry))
        one, two = self._kb.dimension(a.framework, a.code), self._kb.dimension(b.framework, b.code)
        return (
            one.dimension.name_th == two.dimension.name_th
            or one.dimension.name_en == two.dimension.name_en
        )

    @staticmethod
    def _hint_bonus(target: Target, facts: QueryFacts) -> float:
        if facts.wants_dimension and not facts.wants_indicator:
            return 0.08 if target.kind == "dimension" else -0.04
        if facts.wants_indicator and not facts.wants_dimension:
            return 0.04 if target.kind == "indicator" else -0.04
        return 0.0
