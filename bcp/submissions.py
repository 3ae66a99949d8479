"""Submissions: an officer marks "sent", a coordinator or admin confirms or reopens, admins
import statuses; every change is recorded (who, when, what)."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.tables import Agency, BcpCampaign, BcpSubmission, BcpSubmissionEvent

ACTIONS = {"sent": "sent", "confirmed": "confirmed", "reopened": "reopened"}
DONE = ("sent", "confirmed")


class SubmissionError(ValueError):
    """A change that cannot be made as asked."""


async def record(
    session: AsyncSession,
    *,
    campaign_id: str,
    agency_code: str,
    action: str,
    by: str,
    now: datetime,
) -> BcpSubmission:
    """Set an agency's status in a campaign and log it (not committed)."""
    if action not in ACTIONS:
        raise SubmissionError(f"action must be one of {', '.join(ACTIONS)}")
    if await session.get(BcpCampaign, campaign_id) is None:
        raise SubmissionError(f"no campaign {campaign_id}")
    if await session.get(Agency, agency_code) is None:
        raise SubmissionError(f"no agency {agency_code}")
    row = await session.scalar(
        select(BcpSubmission).where(
            BcpSubmission.campaign_id == campaign_id, BcpSubmission.agency_code == agency_code
        )
    )
    if row is None:
        row = BcpSubmission(
            campaign_id=campaign_id, agency_code=agency_code, status=action, updated_at=now
        )
        session.add(row)
    else:
        row.status, row.updated_at = action, now
    session.add(
        BcpSubmissionEvent(
            campaign_id=campaign_id, agency_code=agency_code, action=action, by=by, at=now
        )
    )
    await session.flush()
    return row


async def sent_agencies(session: AsyncSession, campaign_id: str) -> set[str]:
    """Codes of the agencies whose plan counts as sent."""
    rows = await session.scalars(
        select(BcpSubmission.agency_code).where(
            BcpSubmission.campaign_id == campaign_id, BcpSubmission.status.in_(DONE)
        )
    )
    return set(rows)


async def import_statuses(session: AsyncSession, path: Path, *, now: datetime) -> int:
    """CSV ``campaign_id,agency_code,status`` (sent | confirmed | reopened); all rows or none."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if not rows or set(rows[0]) != {"campaign_id", "agency_code", "status"}:
        raise SubmissionError("header must be campaign_id,agency_code,status")
    errors = []
    for line, row in enumerate(rows, start=2):
        try:
            await record(
                session,
                campaign_id=row["campaign_id"].strip(),
                agency_code=row["agency_code"].strip(),
                action=row["status"].strip(),
                by=f"import:{path.name}"[:64],
                now=now,
            )
        except SubmissionError as error:
            errors.append(f"line {line}: {error}")
    if errors:
        await session.rollback()
        raise SubmissionError("; ".join(errors))
    await session.commit()
    return len(rows)
