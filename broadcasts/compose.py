"""What a broadcast says: free text, an optional link (a button) and image, or the survey
announcement template modelled on the provincial letter of seed 001 ("…ตอบแบบสำรวจออนไลน์
ผ่านเว็บไซต์ … ภายในวันที่ …", whom to ask). Also when it goes: now, today/tomorrow at a
time, or a date in B.E./C.E. with Thai or Arabic digits (a date alone means 09:00)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from urllib.parse import urlparse

from pythainlp.util import thai_digit_to_arabic_digit

from bcp.dates import BANGKOK, DateError, parse_moment, thai_date, thai_day
from bot.messages import Button, Reply

TEXT_LIMIT = 2000  # fits one LINE Flex bubble and one Telegram message
MORNING = time(9, 0)
_RELATIVE = re.compile(
    r"^(วันนี้|พรุ่งนี้|today|tomorrow)\s*(?:เวลา\s*)?(\d{1,2})[:.](\d{2})\s*(?:น\.?)?$",
    re.IGNORECASE,
)
NOW_WORDS = {"", "now", "ตอนนี้", "ทันที", "เดี๋ยวนี้"}


class ComposeError(ValueError):
    """A broadcast that cannot be composed as asked, with the reason."""


@dataclass(frozen=True)
class Survey:
    """The survey-announcement template's fields."""

    name: str
    opens: datetime
    closes: datetime
    where: str
    contact: str | None = None

    def to_data(self) -> dict:
        """Plain data for the database."""
        return {
            "name": self.name,
            "opens": self.opens.isoformat(),
            "closes": self.closes.isoformat(),
            "where": self.where,
            "contact": self.contact,
        }


def parse_when(text: str | None, now: datetime) -> datetime:
    """The moment a broadcast should go (see the module docstring); never in the past."""
    raw = thai_digit_to_arabic_digit((text or "").strip())
    if raw.casefold() in NOW_WORDS:
        return now
    if match := _RELATIVE.match(raw):
        day = now.astimezone(BANGKOK).date()
        if match.group(1).casefold() in {"พรุ่งนี้", "tomorrow"}:
            day += timedelta(days=1)
        hour, minute = int(match.group(2)), int(match.group(3))
        if hour > 23 or minute > 59:
            raise ComposeError(f"{match.group(2)}:{match.group(3)} is not a time of day")
        moment = datetime.combine(day, time(hour, minute), BANGKOK)
    else:
        try:
            moment = parse_moment(raw, default_time=MORNING)
        except DateError as error:
            raise ComposeError(str(error)) from None
    if moment < now - timedelta(minutes=1):
        raise ComposeError(f"{thai_date(moment)} has already passed")
    return max(moment, now)


def check_link(link: str | None) -> str | None:
    """An http(s) link, or a clear refusal."""
    if not link:
        return None
    parsed = urlparse(link.strip())
    if parsed.scheme not in {"http", "https"} or not parsed.netloc:
        raise ComposeError(f"'{link}' is not a web link (it must start with https://)")
    return link.strip()


def survey_text(survey: Survey, extra: str | None = None) -> str:
    """The announcement, in the words of the survey letters."""
    lines = [
        f"ขอเชิญหน่วยงานตอบ{survey.name}",
        f"เปิดให้ตอบตั้งแต่วันที่ {thai_day(survey.opens)} ถึงวันที่ {thai_date(survey.closes)}",
        f"ตอบแบบสำรวจออนไลน์ผ่านเว็บไซต์ {survey.where}",
    ]
    if survey.contact:
        lines.append(f"สอบถามเพิ่มเติม: {survey.contact}")
    if extra:
        lines += ["", extra.strip()]
    return "\n".join(lines)


def make_content(
    *,
    text: str | None = None,
    link: str | None = None,
    image_url: str | None = None,
    survey: Survey | None = None,
) -> dict:
    """The stored content of a broadcast (validated)."""
    if survey is not None:
        if survey.closes <= survey.opens:
            raise ComposeError("the survey must close after it opens")
        body = survey_text(survey, text)
        title = f"ประกาศ: {survey.name}"
        link = link or (survey.where if survey.where.startswith(("http://", "https://")) else None)
    else:
        body = (text or "").strip()
        title = "ประกาศจาก dgbot"
    if not body:
        raise ComposeError("a broadcast needs a text (or the survey template)")
    if len(body) > TEXT_LIMIT:
        raise ComposeError(f"the text is {len(body)} characters; at most {TEXT_LIMIT}")
    return {
        "title": title,
        "text": body,
        "link": check_link(link),
        "image_url": image_url,
        "survey": survey.to_data() if survey else None,
    }


def replies_for(content: dict) -> list[Reply]:
    """The replies every recipient gets: the image (if any), then the card with the link."""
    label = "ตอบแบบสำรวจ" if content.get("survey") else "เปิดลิงก์"
    buttons = (Button(label, content["link"]),) if content.get("link") else ()
    replies = []
    if content.get("image_url"):
        replies.append(Reply("", image_url=content["image_url"]))  # the picture alone
    replies.append(Reply(content["text"], title=content["title"], buttons=buttons))
    return replies
