"""``dgbot bcp campaign create|list|close``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from app.cli_admin import fail, run_with_session

bcp_cli = typer.Typer(help="Business Continuity Plan campaigns.", no_args_is_help=True)
campaign_cli = typer.Typer(help="BCP campaigns.", no_args_is_help=True)
bcp_cli.add_typer(campaign_cli, name="campaign")


def _json(campaign) -> dict:
    from bcp.dates import BANGKOK

    return {
        "id": campaign.id,
        "name": campaign.name,
        "deadline": campaign.deadline.astimezone(BANGKOK).isoformat(),
        "status": campaign.status,
        "scope": campaign.scope,
        "reminder_plan": campaign.reminder_plan,
    }


@campaign_cli.command("create")
def campaign_create(
    name: Annotated[str | None, typer.Option(help="Campaign name.")] = None,
    deadline: Annotated[
        str | None, typer.Option(help="B.E./C.E., Thai digits and month names welcome.")
    ] = None,
    level: Annotated[
        list[str] | None, typer.Option(help="department / province (repeatable).")
    ] = None,
    province: Annotated[list[str] | None, typer.Option(help="Province (repeatable).")] = None,
    ministry: Annotated[list[str] | None, typer.Option(help="Ministry (repeatable).")] = None,
    category: Annotated[
        list[str] | None, typer.Option(help="BCP routing category (repeatable).")
    ] = None,
    example: Annotated[
        str | None, typer.Option(help="'2563': the COVID-19 review round of seed 003.")
    ] = None,
    days_before: Annotated[
        str | None, typer.Option(help="Reminder days before the deadline, e.g. 30,14,7,3,1,0.")
    ] = None,
    overdue_every: Annotated[
        int | None, typer.Option(help="Business days between overdue reminders (default 3).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Open a campaign; prints {"id", "deadline"} with --json; a bad date is refused."""
    from bcp.campaigns import DEFAULT_PLAN, CampaignError, create_campaign, make_scope
    from bcp.dates import BANGKOK, DateError, parse_moment
    from bot.clock import SystemClock
    from knowledge.loader import default_knowledge

    if example is not None:
        if example != "2563":
            fail("the only shipped example is 2563")
        guide = default_knowledge().bcp
        name = name or guide.campaign.name_th
        deadline = deadline or guide.campaign.deadline.isoformat()
    if not name or not deadline:
        fail("give --name and --deadline (or --example 2563)")
    try:
        moment = parse_moment(deadline)
        scope = make_scope(
            levels=level or (),
            provinces=province or (),
            ministries=ministry or (),
            categories=category or (),
        )
    except (DateError, CampaignError) as error:
        fail(str(error))

    plan = dict(DEFAULT_PLAN)
    try:
        if days_before is not None:
            plan["days_before"] = sorted(
                {int(d) for d in days_before.split(",") if d.strip()}, reverse=True
            )
        if overdue_every is not None:
            plan["overdue_every_business_days"] = overdue_every
    except ValueError:
        fail("--days-before takes whole numbers separated by commas, e.g. 30,14,7,3,1,0")
    if any(d < 0 for d in plan["days_before"]) or plan["overdue_every_business_days"] < 1:
        fail("days before must be 0 or more, and overdue reminders at least 1 business day apart")

    async def work(session: AsyncSession):
        created = await create_campaign(
            session, name=name, deadline=moment, scope=scope, now=SystemClock().now(), plan=plan
        )
        await session.commit()
        return created

    campaign = run_with_session(work)
    if as_json:
        typer.echo(
            json.dumps({"id": campaign.id, "deadline": moment.astimezone(BANGKOK).isoformat()})
        )
    else:
        typer.echo(
            f"campaign {campaign.id} open, deadline {moment.astimezone(BANGKOK).isoformat()}"
        )


@campaign_cli.command("list")
def campaign_list(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Every campaign, newest deadline first."""
    from bcp.campaigns import list_campaigns

    campaigns = run_with_session(lambda session: list_campaigns(session))
    rows = [_json(c) for c in campaigns]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
    else:
        for row in rows:
            typer.echo(f"{row['id']}  {row['status']:<6}  {row['deadline']}  {row['name']}")


@campaign_cli.command("close")
def campaign_close(campaign_id: str) -> None:
    """Close a campaign."""
    from bcp.campaigns import CampaignError, close_campaign
    from bot.clock import SystemClock

    async def work(session: AsyncSession):
        campaign = await close_campaign(session, campaign_id=campaign_id, now=SystemClock().now())
        await session.commit()
        return campaign

    try:
        run_with_session(work)
    except CampaignError as error:
        fail(str(error))
    typer.echo(f"campaign {campaign_id} closed")


submission_cli = typer.Typer(help="BCP submissions.", no_args_is_help=True)
bcp_cli.add_typer(submission_cli, name="submission")
reminders_cli = typer.Typer(help="BCP reminders and digests.", no_args_is_help=True)


@submission_cli.command("set")
def submission_set(campaign_id: str, agency_code: str, status: str) -> None:
    """Set an agency's status: sent, confirmed or reopened (recorded as done by the CLI)."""
    from bcp.submissions import SubmissionError, record
    from bot.clock import SystemClock

    async def work(session: AsyncSession):
        await record(
            session,
            campaign_id=campaign_id,
            agency_code=agency_code,
            action=status,
            by="cli",
            now=SystemClock().now(),
        )
        await session.commit()

    try:
        run_with_session(work)
    except SubmissionError as error:
        fail(str(error))
    typer.echo(f"{agency_code}: {status}")


@submission_cli.command("import")
def submission_import(file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)]) -> None:
    """Import statuses from CSV ``campaign_id,agency_code,status``; all rows or none."""
    from bcp.submissions import SubmissionError, import_statuses
    from bot.clock import SystemClock

    try:
        count = run_with_session(
            lambda session: import_statuses(session, file, now=SystemClock().now())
        )
    except SubmissionError as error:
        fail(str(error))
    typer.echo(f"imported {count} statuses")


@reminders_cli.command("due")
def reminders_due(
    now: Annotated[str, typer.Option(help="ISO 8601 moment, e.g. 2027-06-16T09:00:00+07:00.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """What would go out at ``--now`` (nothing is sent or queued)."""
    from datetime import datetime

    from bcp.reminders import due_messages
    from knowledge.loader import default_knowledge

    try:
        moment = datetime.fromisoformat(now)
    except ValueError:
        fail(f"--now must be ISO 8601 with a time zone, e.g. 2027-06-16T09:00:00+07:00 (got {now})")
    if moment.tzinfo is None:
        fail("--now needs a time zone, e.g. +07:00")
    due = run_with_session(lambda session: due_messages(session, default_knowledge().bcp, moment))
    rows = [
        {
            "campaign": m.campaign,
            "kind": m.kind,
            "agency_code": m.agency_code,
            "recipient": m.recipient,
            "text": (m.reply.title + "\n" if m.reply.title else "") + m.reply.text,
        }
        for m in due
    ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
    else:
        for row in rows:
            typer.echo(f"--- {row['kind']} -> {row['recipient']}\n{row['text']}\n")
