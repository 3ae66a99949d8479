"""Cut long texts into readable parts at line, then sentence, then word boundaries."""

from __future__ import annotations

import re


def _pieces(line: str, limit: int) -> list[str]:
    if len(line) <= limit:
        return [line]
    out: list[str] = []
    current = ""
    for word in re.split(r"(?<=\s)", line):
        while len(word) > limit:  # one unbroken run longer than a part
            if current:
                out.append(current.rstrip())
                current = ""
            out.append(word[:limit])
            word = word[limit:]
        if len(current) + len(word) > limit:
            out.append(current.rstrip())
            current = ""
        current += word
    if current.strip():
        out.append(current.rstrip())
    return out


def split_text(text: str, limit: int) -> list[str]:
    """Parts of ``text``, each at most ``limit`` characters, cut between lines when possible."""
    parts: list[str] = []
    current = ""
    for line in text.strip().split("\n"):
        for piece in _pieces(line, limit):
            candidate = f"{current}\n{piece}" if current else piece
            if len(candidate) > limit and current:
                parts.append(current)
                current = piece
            else:
                current = candidate
    if current.strip():
        parts.append(current)
    return parts or [""]
