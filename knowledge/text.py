"""Thai-aware text normalisation and tokenisation, shared by every matcher.

Normalise first (Unicode NFC, pythainlp's normaliser for sara am / doubled vowels /
zero-width characters, Thai digits to Arabic, case-fold, tidy whitespace), then
tokenise Thai with pythainlp's ``newmm`` so token-based rapidfuzz scorers see words,
not characters. rapidfuzz's default processor strips Thai vowel and tone marks, so
every rapidfuzz call in this project passes ``processor=None`` on already-normalised text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from pythainlp.corpus import thai_words
from pythainlp.tokenize import Tokenizer
from pythainlp.util import normalize as thai_normalize
from pythainlp.util import thai_digit_to_arabic_digit

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")
_THAI = re.compile("[\u0e00-\u0e7f]")
_LATIN = re.compile("[A-Za-z]")
# Split Thai from Latin/digits so "ข้อ2.4" and "ERPคือ" tokenise cleanly.
_SCRIPT_BOUNDARY = re.compile(
    r"(?<=[\u0e00-\u0e7f])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[\u0e00-\u0e7f])"
)
_PUNCT = re.compile(r"[^\w\u0e00-\u0e7f.\-/]+")


def normalise(text: str) -> str:
    """Canonical form of ``text`` for matching (not for display)."""
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH.sub("", text)
    text = text.replace("\u0e4d\u0e32", "\u0e33")  # nikhahit + sara aa -> sara am
    text = thai_normalize(text)
    text = thai_digit_to_arabic_digit(text)
    text = text.casefold()
    return _SPACES.sub(" ", text).strip()


def has_thai(text: str) -> bool:
    """True when ``text`` contains any Thai character."""
    return bool(_THAI.search(text))


_ENGLISH_SENTENCE = re.compile(
    r"\b(what|how|why|where|when|which|who|is|are|the|our|my|we|please|tell|show|about|can|do|does"
    r"|hello|hi|hey|thanks?|help|score|deadline|send|improve|of|for|in)\b",
    re.IGNORECASE,
)


def looks_english(text: str) -> bool:
    """True for text written in Latin script with no Thai at all."""
    return bool(_LATIN.search(text)) and not has_thai(text)


def detect_language(text: str) -> str | None:
    """ "th" for Thai text, "en" for an English sentence, ``None`` when there is no evidence
    (a bare English indicator name or a code: Thai officers type those too)."""
    if has_thai(text):
        return "th"
    if looks_english(text) and _ENGLISH_SENTENCE.search(text):
        return "en"
    return None


class ThaiTokenizer:
    """newmm word tokeniser with the project's domain terms added to the dictionary."""

    def __init__(self, extra_words: Iterable[str] = ()) -> None:
        words = set(thai_words())
        words.update(w for w in (normalise(x) for x in extra_words) if has_thai(w) and " " not in w)
        self._tokenizer = Tokenizer(custom_dict=words, engine="newmm", keep_whitespace=False)

    def tokens(self, normalised_text: str) -> list[str]:
        """Word tokens of already-normalised text, punctuation and blanks dropped."""
        text = _SCRIPT_BOUNDARY.sub(" ", normalised_text)
        text = _PUNCT.sub(" ", text)
        out: list[str] = []
        for chunk in text.split():
            if has_thai(chunk):
                out.extend(t for t in self._tokenizer.word_tokenize(chunk) if t.strip())
            else:
                out.extend(p for p in re.split(r"[/\-]", chunk.strip(".")) if p)
        return out
