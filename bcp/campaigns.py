"""BCP campaigns: create, list, close, and which open campaigns cover an agency.

A campaign has a deadline (Asia/Bangkok), a scope (levels, provinces, ministries, BCP
categories; an empty list means all) and a reminder plan (kept for the reminder scheduler).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bcp.categories import CATEGORIES, category_of
from db.tables import Agency, BcpCampaign
from scoring.directory import find_province

DEFAULT_PLAN = {
    "on_open": True,
    "days_before": [30, 14, 7, 3, 1, 0],
    "overdue_every_business_days": 3,
    "at": "09:00",
}
LEVELS = ("department", "province")


class CampaignError(ValueError):
    """A campaign that cannot be created or changed as asked."""


@dataclass(frozen=True)
class Scope:
    """Which agencies a campaign covers (empty = every)."""

    levels: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    ministries: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()

    def to_data(self) -> dict:
        """Plain data for the database."""
        return {
            "levels": list(self.levels),
            "provinces": list(self.provinces),
            "ministries": list(self.ministries),
            "categories": list(self.categories),
        }


def make_scope(*, levels=(), provinces=(), ministries=(), categories=()) -> Scope:
    """A validated scope (province names normalised to Thai)."""
    for level in levels:
        if level not in LEVELS:
            raise CampaignError(f"level must be one of {', '.join(LEVELS)}")
    for category in categories:
        if category not in CATEGORIES:
            raise CampaignError(f"category must be one of {', '.join(CATEGORIES)}")
    thai = []
    for name in provinces:
        found = find_province(name)
        if found is None:
            raise CampaignError(f"unknown province {name}")
        thai.append(found.name_th)
    return Scope(tuple(levels), tuple(thai), tuple(ministries), tuple(categories))


def covers(campaign: BcpCampaign, agency: Agency) -> bool:
    """True when the campaign's scope includes ``agency``."""
    scope = campaign.scope
    category = category_of(agency)
    if category is None:
        return False
    checks = (
        ("levels", agency.level),
        ("provinces", agency.province),
        ("ministries", agency.ministry),
        ("categories", category),
    )
    return all(not scope.get(key) or value in scope[key] for key, value in checks)


async def create_campaign(
    session: AsyncSession,
    *,
    name: str,
    deadline: datetime,
    scope: Scope,
    now: datetime,
    plan: dict | None = None,
) -> BcpCampaign:
    """A new open campaign (not committed)."""
    if not name.strip():
        raise CampaignError("a campaign needs a name")
    campaign = BcpCampaign(
        id=uuid.uuid4().hex[:12],
        name=name.strip(),
        deadline=deadline,
        scope=scope.to_data(),
        reminder_plan=dict(plan or DEFAULT_PLAN),
        status="open",
        created_at=now,
    )
    session.add(campaign)
    await session.flush()
    return campaign


async def list_campaigns(session: AsyncSession, *, open_only: bool = False) -> list[BcpCampaign]:
    """Campaigns, newest deadline first."""
    query = select(BcpCampaign).order_by(BcpCampaign.deadline.desc())
    if open_only:
        query = query.where(BcpCampaign.status == "open")
    return list(await session.scalars(query))


async def close_campaign(session: AsyncSession, *, campaign_id: str, now: datetime) -> BcpCampaign:
    """Close a campaign (no more reminders)."""
    campaign = await session.get(BcpCampaign, campaign_id)
    if campaign is None:
        raise CampaignError(f"no campaign {campaign_id}")
    campaign.status, campaign.closed_at = "closed", now
    return campaign
