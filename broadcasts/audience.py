"""Who a broadcast goes to: an audience written as ``key=value`` terms, and the chat accounts
it selects.

``all`` is everyone linked (anyone holding a role). Otherwise terms narrow it down; several
values of one key mean any of them, several keys mean all of them::

    role=coordinator region=north
    role=officer province=ลำปาง,เชียงใหม่ type=สำนักงานจังหวัด
    level=department ministry=กระทรวงมหาดไทย
    bcp=<campaign id>:not_sent

A person matches through any of their roles: an officer through their agency (its level,
province, region, ministry, type and BCP status), a coordinator through their province
(level ``province``) or ministry (level ``department``) — for ``bcp``, a coordinator matches
when an agency they coordinate has that status — and an admin only when no agency criterion
is given. Each person gets the message once, on one chat account: the newest one that can
receive it. Muted, inactive (blocked / unfollowed) and unreachable (web only, or a channel
that is off) people are left out and counted.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, fields

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bcp.campaigns import covers
from bcp.submissions import sent_agencies
from broadcasts.regions import find_region, region_of
from db.tables import Agency, BcpCampaign, ChatAccount, RoleGrant
from scoring.directory import find_province

ROLES = {
    "officer": "officer",
    "เจ้าหน้าที่": "officer",
    "coordinator": "coordinator",
    "ผู้ประสานงาน": "coordinator",
    "admin": "admin",
    "ผู้ดูแลระบบ": "admin",
}
LEVELS = {"department": "department", "กรม": "department", "province": "province"}
LEVELS["จังหวัด"] = "province"
BCP_STATUSES = {"not_sent": "not_sent", "ยังไม่ส่ง": "not_sent", "sent": "sent", "ส่งแล้ว": "sent"}
KEYS = {
    "role": "roles",
    "บทบาท": "roles",
    "level": "levels",
    "ระดับ": "levels",
    "province": "provinces",
    "จังหวัด": "provinces",
    "region": "regions",
    "ภาค": "regions",
    "ministry": "ministries",
    "กระทรวง": "ministries",
    "type": "agency_types",
    "ประเภท": "agency_types",
    "bcp": "bcp",
}
_TERM = re.compile(r"(?:^|[\s;])([A-Za-z_\u0e00-\u0e7f]+)\s*=\s*")


class AudienceError(ValueError):
    """An audience that cannot be read or matches nothing known, with the reason."""


@dataclass(frozen=True)
class Audience:
    """The criteria (empty = any)."""

    roles: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    ministries: tuple[str, ...] = ()
    agency_types: tuple[str, ...] = ()
    bcp_campaign: str | None = None
    bcp_status: str | None = None

    def to_data(self) -> dict:
        """Plain data for the database."""
        return {
            f.name: list(v) if isinstance(v := getattr(self, f.name), tuple) else v
            for f in fields(self)
        }

    @classmethod
    def from_data(cls, data: dict) -> Audience:
        """The audience :meth:`to_data` wrote."""
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()})


def _values(key: str, raw: str) -> list[str]:
    values = [v.strip() for v in raw.split(",") if v.strip()]
    if not values:
        raise AudienceError(f"{key}= needs a value")
    return values


def _lookup(table: dict[str, str], key: str, value: str) -> str:
    found = table.get(value.casefold()) or table.get(value)
    if found is None:
        choices = ", ".join(sorted({v for v in table.values()}))
        raise AudienceError(f"{key}={value} is not known (one of {choices})")
    return found


def parse_audience(text: str) -> Audience:
    """Read an audience expression (see the module docstring)."""
    raw = text.strip()
    if raw.casefold() in {"all", "ทั้งหมด", "ทุกคน"}:
        return Audience()
    matches = list(_TERM.finditer(raw))
    if not matches or raw[: matches[0].start()].strip(" ;"):
        raise AudienceError(
            "write the audience as 'all' or key=value terms, e.g. role=coordinator region=north"
        )
    found: dict[str, list[str]] = {}
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        key = match.group(1).casefold()
        if key not in KEYS:
            raise AudienceError(
                f"'{match.group(1)}' is not an audience key "
                "(role, level, province, region, ministry, type, bcp)"
            )
        end = following.start() if following else len(raw)
        found.setdefault(KEYS[key], []).extend(_values(key, raw[match.end() : end].strip(" ;")))
    criteria: dict = {}
    if "roles" in found:
        criteria["roles"] = tuple(dict.fromkeys(_lookup(ROLES, "role", v) for v in found["roles"]))
    if "levels" in found:
        criteria["levels"] = tuple(
            dict.fromkeys(_lookup(LEVELS, "level", v) for v in found["levels"])
        )
    if "regions" in found:
        regions = []
        for value in found["regions"]:
            if (key := find_region(value)) is None:
                raise AudienceError(
                    f"region={value} is not known (north, northeast, central, east, west, south)"
                )
            regions.append(key)
        criteria["regions"] = tuple(dict.fromkeys(regions))
    if "provinces" in found:
        provinces = []
        for value in found["provinces"]:
            if (province := find_province(value)) is None:
                raise AudienceError(f"province={value} is not a surveyed province")
            provinces.append(province.name_th)
        criteria["provinces"] = tuple(dict.fromkeys(provinces))
    for key in ("ministries", "agency_types"):
        if key in found:
            criteria[key] = tuple(dict.fromkeys(found[key]))
    if "bcp" in found:
        if len(found["bcp"]) != 1 or ":" not in found["bcp"][0]:
            raise AudienceError("bcp= takes one campaign and a status, e.g. bcp=abc123:not_sent")
        campaign, status = found["bcp"][0].rsplit(":", 1)
        criteria["bcp_campaign"] = campaign.strip()
        criteria["bcp_status"] = _lookup(BCP_STATUSES, "bcp status", status.strip())
    return Audience(**criteria)


@dataclass
class Selection:
    """The accounts a broadcast goes to, per channel, and who was left out."""

    accounts: dict[str, list[str]] = field(default_factory=dict)  # channel -> platform ids
    skipped: Counter = field(default_factory=Counter)  # muted / inactive / unreachable

    @property
    def recipients(self) -> int:
        """How many people will get the message."""
        return sum(len(ids) for ids in self.accounts.values())

    def per_channel(self) -> dict[str, int]:
        """Recipients per channel."""
        return {channel: len(ids) for channel, ids in sorted(self.accounts.items())}


async def _validate(session: AsyncSession, audience: Audience) -> BcpCampaign | None:
    for column, wanted, key in (
        (Agency.ministry, audience.ministries, "ministry"),
        (Agency.agency_type, audience.agency_types, "type"),
    ):
        if wanted:
            known = set(await session.scalars(select(column).distinct()))
            if key == "ministry":
                known |= set(await session.scalars(select(RoleGrant.ministry).distinct()))
            unknown = [w for w in wanted if w not in known]
            if unknown:
                raise AudienceError(f"{key}={unknown[0]} matches no agency in the directory")
    if audience.bcp_campaign is None:
        return None
    campaign = await session.get(BcpCampaign, audience.bcp_campaign)
    if campaign is None:
        raise AudienceError(f"no BCP campaign {audience.bcp_campaign}")
    return campaign


def _agency_matches(audience: Audience, agency: Agency, bcp_ok) -> bool:
    checks = (
        (audience.levels, agency.level),
        (audience.provinces, agency.province),
        (audience.regions, region_of(agency.province)),
        (audience.ministries, agency.ministry),
        (audience.agency_types, agency.agency_type),
    )
    return all(not wanted or value in wanted for wanted, value in checks) and bcp_ok(agency)


async def select_audience(
    session: AsyncSession, audience: Audience, channels: set[str]
) -> Selection:
    """The chat accounts on ``channels`` that ``audience`` reaches right now."""
    campaign = await _validate(session, audience)
    agencies = {a.code: a for a in await session.scalars(select(Agency))}
    bcp_ok = lambda agency: True  # noqa: E731
    if campaign is not None:
        sent = await sent_agencies(session, campaign.id)
        want_sent = audience.bcp_status == "sent"

        def bcp_ok(agency: Agency) -> bool:
            return covers(campaign, agency) and (agency.code in sent) == want_sent

    agency_criteria = any(
        (
            audience.levels,
            audience.provinces,
            audience.regions,
            audience.ministries,
            audience.agency_types,
            campaign,
        )
    )
    people: set[int] = set()
    for grant in await session.scalars(select(RoleGrant)):
        if audience.roles and grant.role not in audience.roles:
            continue
        if grant.role == "officer":
            agency = agencies.get(grant.agency_code or "")
            ok = agency is not None and _agency_matches(audience, agency, bcp_ok)
        elif grant.role == "coordinator":
            members = [
                a
                for a in agencies.values()
                if (grant.province and a.province == grant.province)
                or (grant.ministry and a.ministry == grant.ministry)
            ]
            ok = any(_agency_matches(audience, a, bcp_ok) for a in members)
            if not audience.agency_types and campaign is None:  # the coordinator's own scope
                level = "province" if grant.province else "department"
                region = region_of(grant.province)
                ok = (
                    (not audience.levels or level in audience.levels)
                    and (not audience.provinces or grant.province in audience.provinces)
                    and (not audience.regions or region in audience.regions)
                    and (not audience.ministries or grant.ministry in audience.ministries)
                )
        else:
            ok = not agency_criteria
        if ok:
            people.add(grant.person_id)
    return await _pick_accounts(session, people, channels)


async def _pick_accounts(session: AsyncSession, people: set[int], channels: set[str]) -> Selection:
    selection = Selection()
    by_person: dict[int, list[ChatAccount]] = {}
    if people:
        for account in await session.scalars(
            select(ChatAccount)
            .where(ChatAccount.person_id.in_(people))
            .order_by(ChatAccount.created_at.desc(), ChatAccount.id.desc())
        ):
            by_person.setdefault(account.person_id, []).append(account)
    for person in sorted(people):
        accounts = by_person.get(person, [])
        usable = [a for a in accounts if a.channel in channels and a.active and not a.muted]
        if usable:
            chosen = usable[0]
            selection.accounts.setdefault(chosen.channel, []).append(chosen.platform_user_id)
        elif any(a.muted for a in accounts if a.channel in channels):
            selection.skipped["muted"] += 1
        elif any(a.channel in channels for a in accounts):
            selection.skipped["inactive"] += 1
        else:
            selection.skipped["unreachable"] += 1
    return selection
