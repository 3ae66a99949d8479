"""The core's own message types. Adapters translate platform events into
:class:`Inbound` and render :class:`Reply` back; nothing here knows a platform."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Inbound:
    """One message from a person: typed ``text`` or a button ``action`` payload."""

    channel: str  # "web", "terminal", "cli", "line", "telegram"
    user_id: str
    text: str | None = None
    action: str | None = None
    language: str | None = None  # the platform's hint, e.g. from the profile
    event: str = "message"  # message | follow | unfollow | blocked | unblocked | unsupported


@dataclass(frozen=True)
class Button:
    """A choice the person can tap; pressing it comes back as ``Inbound.action``."""

    label: str
    action: str


@dataclass(frozen=True)
class Reply:
    """One message to show. ``title`` is a card header where the platform has cards."""

    text: str
    title: str | None = None
    buttons: tuple[Button, ...] = ()
    image_url: str | None = None

    def to_data(self) -> dict:
        """Plain data, for the outbox."""
        return {
            "text": self.text,
            "title": self.title,
            "image_url": self.image_url,
            "buttons": [[b.label, b.action] for b in self.buttons],
        }

    @classmethod
    def from_data(cls, data: dict) -> Reply:
        """The reply :meth:`to_data` wrote."""
        return cls(
            text=data["text"],
            title=data.get("title"),
            image_url=data.get("image_url"),
            buttons=tuple(Button(label, action) for label, action in data.get("buttons", [])),
        )


@dataclass(frozen=True)
class ItemRef:
    """An indicator or dimension named in an answer (for machine-readable output)."""

    framework: str
    code: str
    name_en: str
    name_th: str


@dataclass
class Outcome:
    """What the core made of a message: intent, the item it is about, and the replies."""

    intent: str
    replies: list[Reply]
    indicator: ItemRef | None = None
    dimension: ItemRef | None = None
    suggestions: list[ItemRef] = field(default_factory=list)

    @property
    def text(self) -> str:
        """All replies (title line first) joined, for channels that show plain text."""
        return "\n\n".join(
            f"{reply.title}\n{reply.text}" if reply.title else reply.text for reply in self.replies
        )
