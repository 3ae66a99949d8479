"""Intent and entity from free text: what the person wants, and which item it is about.

Intents: ``indicator``, ``dimension``, ``clarify`` (unsure: offer choices), ``score``,
``bcp``, ``help``, ``greeting``, ``unknown``. Cue words are matched on normalised text
(so Thai digits, sara am and zero-width characters do not matter); the item comes from
:class:`knowledge.search.Searcher`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.search import Match, QueryFacts, Searcher
from knowledge.text import detect_language, normalise

ACCEPT = 0.62  # a match at least this good is answered directly
SUGGEST = 0.45  # between SUGGEST and ACCEPT the bot offers "did you mean"
MARGIN = 0.02  # two different items this close are ambiguous
MIN_COVERAGE = 0.7  # a query naming only part of an item's name ("leadership") is unsure

_GREETING = re.compile(
    r"^(สวัสดี|หวัดดี|ดีครับ|ดีค่ะ|ขอบคุณ|ขอบใจ|hello|hi\b|hey\b|good (morning|afternoon|evening)"
    r"|thanks?\b|thank you|thx\b|ty\b|sawasdee|อรุณสวัสดิ์|ราตรีสวัสดิ์|ดีจ้า|ดีครับ|ดีค่ะ)"
)
_HELP = re.compile(
    r"^/(start|help)\b|^help\b|^เมนู|^menu\b|ช่วยอะไร|ทำอะไรได้|ใช้งานอย่างไร|ใช้ยังไง|วิธีใช้|คำสั่ง"
    r"|what can you do|how (do i|to) use|^ช่วยด้วย|^ช่วยหน่อย|ใช้งาน(ยังไง|อย่างไร)|การใช้งาน"
    r"|ถามอะไรได้|ตอบอะไรได้|ทำอะไรได้บ้าง|พิมพ์อะไรได้"
)
_BCP = re.compile(
    r"(?<![a-z])bcp(?![a-z])|บีซีพี|แผนความต่อเนื่อง|แผนบริหารความต่อเนื่อง|business continuity plan"
    r"|call tree|แผนดำเนินธุรกิจอย่างต่อเนื่อง|ความพร้อมต่อสภาวะวิกฤต|^/bcp"
)
_SCORE_WORD = re.compile(
    r"คะแนน|ผลประเมิน|ผลการประเมิน|ผลสำรวจ|ผลการสำรวจ|อันดับ|อยู่กลุ่ม|กลุ่มไหน"
    r"|\bscores?\b|\bresults?\b|\brank|\bsurvey\b|how did we do"
)
_OWN = re.compile(
    r"เรา|ผม|ดิฉัน|หนู|ตัวเอง|ของฉัน|ได้กี่คะแนน|ได้เท่าไร|เท่าไหร่"
    r"|\bour\b|\bmy\b|\bwe\b|\bus\b|^/score|(?<![a-z])[a-z]{1,5}-?\d{2,4}(?![\d.])"
)
# General off-topic cues (shopping, pay, study, games, sport, weather...): a domain word
# next to one of these ("big data ต้องเรียนคณะอะไร") is not a readiness question.
_OFF_TOPIC = re.compile(
    r"ราคา|ซื้อ|ขายดี|ยี่ห้อ|เงินเดือน|สมัครงาน|หวย|ฟุตบอล|ผลบอล|เกม|หนัง(?!สือ)|เพลง|สูตรอาหาร|พยากรณ์อากาศ|สภาพอากาศ|อากาศวันนี้|ฝนตก"
    r"|โรงแรม|คอร์ส|เรียนคณะ|คณะอะไร|เรียนต่อ|\bprice|\bbuy\b|salary|\bgames?\b|movie|weather"
    r"|recipe|\bcourses?\b|football|lottery"
)
_IMPROVE = re.compile(r"ดีขึ้น|เพิ่มคะแนน|ปรับปรุง|ยกระดับ|improve|raise|increase|ควรทำ|แนวทาง")


@dataclass(frozen=True)
class Understanding:
    """The result of reading one message."""

    intent: str
    language: str
    best: Match | None = None
    suggestions: list[Match] = field(default_factory=list)
    facts: QueryFacts | None = None


class Understander:
    """Reads messages with a :class:`Searcher` over the knowledge base."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher

    def understand(self, text: str, language: str | None = None) -> Understanding:
        """Classify ``text``; ``language`` overrides the language guessed from the text."""
        lang = language or detect_language(text) or "th"
        norm = normalise(text)
        if not re.search(r"[\w\u0e00-\u0e7f]", norm):
            return Understanding("unknown", lang)
        matches, facts = self.searcher.search(text)
        best = matches[0] if matches else None
        strong = (
            best is not None
            and best.score >= ACCEPT
            and (best.coverage >= MIN_COVERAGE or best.via == "keyword")
        )
        if best is not None and best.via == "code":
            return Understanding(best.target.kind, lang, best, [], facts)
        if _HELP.search(norm) and not strong:
            return Understanding("help", lang, facts=facts)
        if _BCP.search(norm) and not (facts.wants_indicator or facts.framework):
            return Understanding("bcp", lang, facts=facts)
        asks_score = _SCORE_WORD.search(norm) and (
            _OWN.search(norm) or len(facts.content_tokens) <= 1
        )
        if asks_score and not (strong and _IMPROVE.search(norm)):
            return Understanding("score", lang, best if strong else None, [], facts)
        if _GREETING.search(norm) and not strong:
            return Understanding("greeting", lang, facts=facts)
        if best is None or best.score < SUGGEST or _OFF_TOPIC.search(norm):
            return Understanding("unknown", lang, facts=facts)
        close = [
            m
            for m in matches[1:]
            if best.score - m.score <= MARGIN and not self.searcher.twins(best.target, m.target)
        ]
        if strong and not close:
            return Understanding(best.target.kind, lang, best, [], facts)
        options = [m for m in matches if m.score >= SUGGEST][:3]
        return Understanding("clarify", lang, None, options, facts)
