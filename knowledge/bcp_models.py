"""Validated shape of ``knowledge/data/bcp_2563.yaml`` (seed 003).

Seed 003 is the Ministry of Interior letter (June 2563) forwarding the OPDC (สำนักงาน ก.พ.ร.)
guideline for reviewing Business Continuity Plans (แผนดำเนินธุรกิจอย่างต่อเนื่อง สำหรับการบริหาร
ความพร้อมต่อสภาวะวิกฤต) after COVID-19. All ``*_th`` text is the letter's own wording, cleaned of
extraction scars; nothing is paraphrased.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

RoutingCategory = Literal[
    "central",
    "central_regional",
    "provincial_administration",
    "local_large",
    "local_small",
    "provincial_office",
]


class _Strict(BaseModel):
    """Base of every model here: unknown keys are errors and instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Letter(_Strict):
    """One official letter of the seed, with its number and date as printed (Thai digits)."""

    issuer_th: str
    number_th: str  # without the leading "ที่"
    date_th: str
    subject_th: str
    to_th: str
    enclosure_th: str | None = None
    signed_by_th: str | None = None
    signer_position_th: str | None = None
    contact_unit_th: str | None = None


class BcpSource(_Strict):
    """Where the guide comes from: the seed file, its letters and the enclosed guideline."""

    seed: str
    letters: list[Letter] = Field(min_length=1)
    guideline_title_th: str


class Campaign(_Strict):
    """The B.E. 2563 BCP review campaign and its deadline."""

    name_th: str
    deadline: dt.date  # ISO C.E. date
    year_be: int

    @model_validator(mode="after")
    def _deadline_in_year(self) -> Campaign:
        if self.deadline.year + 543 != self.year_be:
            raise ValueError(f"deadline {self.deadline} is not in B.E. {self.year_be}")
        return self


class Component(_Strict):
    """One of the eight minimum components of a plan (guideline items 2.1-2.8).

    ``name_th`` is the item's heading as printed; ``description_th`` the rest of the item.
    """

    code: str = Field(pattern=r"^2\.[1-8]$")
    name_th: str
    description_th: str


class ReviewStep(_Strict):
    """One step of the review guideline (items 3.1-3.4).

    The guideline prints no separate headings here, so ``name_th`` is the item's leading
    words as printed and ``description_th`` the whole item, sub-items on their own lines.
    The delivery table of 3.4 is in ``BcpGuide.routing``.
    """

    code: str = Field(pattern=r"^3\.[1-4]$")
    name_th: str
    description_th: str


class Contact(_Strict):
    """An e-mail address, LINE id or phone number given by the letters, exactly as printed."""

    purpose: Literal["plan_files", "questions"]
    kind: Literal["email", "line", "phone"]
    value: str
    value_ascii: str | None = None  # ``value`` with Thai digits as Arabic digits
    name_th: str | None = None  # the unit the contact belongs to
    label_th: str | None = None  # the label printed next to the value
    note_th: str | None = None

    @model_validator(mode="after")
    def _ascii_matches(self) -> Contact:
        ascii_value = self.value.translate(_THAI_DIGITS)
        if ascii_value == self.value:
            if self.value_ascii is not None:
                raise ValueError(f"{self.value!r} has no Thai digits; drop value_ascii")
        elif self.value_ascii != ascii_value:
            raise ValueError(f"value_ascii of {self.value!r} must be {ascii_value!r}")
        return self


class RoutingEntry(_Strict):
    """Where one category of agency sends its plan (the table of item 3.4 and the MOI letter)."""

    category: RoutingCategory
    name_th: str  # the category as the letter names it
    send_to_th: str
    copy_to_th: str | None = None
    consolidated_by_th: str | None = None
    delivery_th: str | None = None  # the delivery instructions as printed
    deadline_th: str | None = None  # only where the table prints one on this row
    notes_th: str | None = None


class BcpGuide(_Strict):
    """``bcp_2563.yaml``: the B.E. 2563 BCP review guideline (seed 003)."""

    source: BcpSource
    campaign: Campaign
    purpose_th: str
    components_intro_th: str | None = None
    components: list[Component]
    components_note_th: str | None = None
    review_steps: list[ReviewStep]
    call_tree_th: str
    security_rule_th: str
    critical_infrastructure_th: str | None = None
    file_forms: list[str] = Field(min_length=1)
    file_naming_th: str | None = None
    resources_th: str | None = None
    contacts: list[Contact] = Field(min_length=1)
    routing: list[RoutingEntry]
    deadline_th: str

    @model_validator(mode="after")
    def _complete_and_ordered(self) -> BcpGuide:
        components = [c.code for c in self.components]
        if components != [f"2.{i}" for i in range(1, 9)]:
            raise ValueError(f"components must be 2.1-2.8 in order, got {components}")
        steps = [s.code for s in self.review_steps]
        if steps != [f"3.{i}" for i in range(1, 5)]:
            raise ValueError(f"review_steps must be 3.1-3.4 in order, got {steps}")
        categories = [r.category for r in self.routing]
        if len(set(categories)) != len(categories):
            raise ValueError(f"duplicate routing categories: {categories}")
        values = [c.value for c in self.contacts]
        if len(set(values)) != len(values):
            raise ValueError(f"duplicate contacts: {values}")
        return self
