"""Admin commands: ``scores import``, ``report``, ``province-report``, ``invite create``."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from app.settings import get_settings

scores_cli = typer.Typer(help="Survey results.", no_args_is_help=True)
invite_cli = typer.Typer(
    help="One-time invite codes that link chat accounts to roles.", no_args_is_help=True
)


def run_with_session(work: Callable[[AsyncSession], Awaitable[Any]]) -> Any:
    """Prepare the database (schema, directory), run ``work`` in a session, clean up."""
    from app.database import create_engine, prepare_database, session_factory

    async def run() -> Any:
        engine = create_engine(get_settings().database_url)
        try:
            await prepare_database(engine)
            async with session_factory(engine)() as session:
                return await work(session)
        finally:
            await engine.dispose()

    return asyncio.run(run())


def fail(message: str) -> None:
    """Print the reason on stderr and exit non-zero."""
    typer.secho(message, err=True, fg=typer.colors.RED)
    raise typer.Exit(code=1)


def _year(value: str | None) -> int | None:
    from scoring.years import YearError, parse_year

    if value is None:
        return None
    try:
        return parse_year(value)
    except YearError as error:
        fail(str(error))


@scores_cli.command("import")
def import_command(
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="CSV (UTF-8) or XLSX file.")
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and report; write nothing.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Import survey results: all rows or none; re-importing the same file changes nothing."""
    from knowledge.loader import default_knowledge
    from scoring.importer import ImportFileError, import_scores

    try:
        report = run_with_session(
            lambda s: import_scores(s, file, default_knowledge(), dry_run=dry_run)
        )
    except ImportFileError as error:
        fail(str(error))
    if as_json:
        data = {k: v for k, v in report.__dict__.items() if k != "errors"}
        data["errors"] = [{"line": e.line, "message": e.message} for e in report.errors]
        typer.echo(json.dumps(data, ensure_ascii=False))
    else:
        for error in report.errors:
            typer.secho(str(error), err=True, fg=typer.colors.RED)
        verb = "would import" if report.dry_run else "imported"
        if report.ok:
            typer.echo(
                f"{verb} {report.rows} rows: {report.agencies_new} new agencies, "
                f"{report.agencies_updated} updated; scores {report.scores_new} new, "
                f"{report.scores_changed} changed, {report.scores_unchanged} unchanged"
            )
    if not report.ok:
        if not as_json:
            typer.secho(f"{len(report.errors)} bad rows: nothing was imported", err=True)
        raise typer.Exit(code=1)


def report_command(
    agency_code: Annotated[str, typer.Argument(help="Agency code, e.g. LPG-00.")],
    year: Annotated[
        str | None, typer.Option(help="Survey year, B.E. or C.E. (default: latest).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    chart: Annotated[Path | None, typer.Option(help="Also write the radar chart PNG here.")] = None,
    language: Annotated[str, typer.Option("--lang", help="th or en, for text and chart.")] = "th",
) -> None:
    """An agency's readiness report (admin view: no access check on the command line)."""
    from bot.handlers.report_text import detail, summary
    from knowledge.loader import default_knowledge
    from scoring.charts import radar_png
    from scoring.reports import ReportError, build_report

    async def work(session: AsyncSession):
        return await build_report(session, default_knowledge(), agency_code, _year(year))

    try:
        report = run_with_session(work)
    except ReportError as error:
        fail(str(error))
    if chart is not None:
        chart.write_bytes(radar_png(report, language))
    if as_json:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        typer.echo(summary(report, language) + "\n\n" + detail(report, language))


def province_report_command(
    province: Annotated[str, typer.Argument(help="Province, Thai or English name, e.g. ลำปาง.")],
    year: Annotated[str | None, typer.Option(help="Survey year (default: latest).")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """A coordinator's overview of a province."""
    from bot.handlers.report_text import province as province_text
    from knowledge.loader import default_knowledge
    from scoring.directory import find_province
    from scoring.province_view import province_view

    found = find_province(province)
    if found is None:
        fail(f"unknown province {province}")
    view = run_with_session(
        lambda s: province_view(s, default_knowledge(), found.name_th, _year(year))
    )
    if view is None:
        fail(f"no results imported for {found.name_th}")
    typer.echo(
        json.dumps(view.to_json(), ensure_ascii=False) if as_json else province_text(view, "th")
    )


@invite_cli.command("create")
def invite_create(
    role: Annotated[str, typer.Option(help="officer, coordinator or admin.")],
    agency: Annotated[str | None, typer.Option(help="Agency code (officer).")] = None,
    province: Annotated[str | None, typer.Option(help="Province (coordinator).")] = None,
    ministry: Annotated[str | None, typer.Option(help="Ministry (coordinator).")] = None,
    days: Annotated[int, typer.Option(help="Days until the code expires.")] = 7,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Create a one-time invite code; it is shown once and stored only hashed."""
    from bot.accounts import InviteError, create_invite
    from bot.clock import SystemClock

    async def work(session: AsyncSession):
        created = await create_invite(
            session,
            role=role,
            agency_code=agency,
            province=province,
            ministry=ministry,
            days=days,
            now=SystemClock().now(),
        )
        await session.commit()
        return created

    try:
        created = run_with_session(work)
    except InviteError as error:
        fail(str(error))
    expires = created.expires_at.isoformat()
    if as_json:
        typer.echo(json.dumps({"code": created.code, "role": created.role, "expires_at": expires}))
    else:
        typer.echo(
            f"{created.code}  ({created.role}, expires {expires})\n"
            f"In chat: link {created.code}  /  ผูกบัญชี {created.code}"
        )


agencies_cli = typer.Typer(help="The agency directory.", no_args_is_help=True)


@agencies_cli.command("show")
def agencies_show(code: str, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """One agency, with its BCP routing category (the directory's, or an admin's correction)."""
    from bcp.categories import category_of, default_category
    from db.tables import Agency

    async def work(session: AsyncSession):
        return await session.get(Agency, code)

    agency = run_with_session(work)
    if agency is None:
        fail(f"no agency with code {code}")
    data = {
        "code": agency.code,
        "name": agency.name_th,
        "level": agency.level,
        "province": agency.province,
        "ministry": agency.ministry,
        "agency_type": agency.agency_type,
        "bcp_category": category_of(agency),
        "bcp_category_default": default_category(agency),
    }
    typer.echo(
        json.dumps(data, ensure_ascii=False)
        if as_json
        else "\n".join(f"{k}: {v if v is not None else '-'}" for k, v in data.items())
    )


@agencies_cli.command("set-bcp")
def agencies_set_bcp(code: str, category: str) -> None:
    """Correct an agency's BCP routing category (``default`` goes back to the directory's)."""
    from bcp.categories import CATEGORIES, category_of
    from db.tables import Agency

    if category not in (*CATEGORIES, "default"):
        fail(f"category must be one of {', '.join(CATEGORIES)} or default")

    async def work(session: AsyncSession):
        agency = await session.get(Agency, code)
        if agency is None:
            return None
        agency.bcp_category = None if category == "default" else category
        await session.commit()
        return category_of(agency)

    result = run_with_session(work)
    if result is None:
        fail(f"no agency with code {code}")
    typer.echo(f"{code}: BCP category {result}")
