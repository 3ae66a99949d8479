"""An agency's own results, shown only to those allowed to see them (bot/access.py).

"คะแนนของเรา" gives an officer their agency's report and a coordinator their province's
overview; "คะแนน LPG-01" names an agency. Buttons (``rep:CODE:YEAR:VIEW``) open the detail,
the improve-first list, the chart, or one dimension, and are checked again on every press.
"""

from __future__ import annotations

import re

from bot import access
from bot.accounts import viewer_for
from bot.context import Context
from bot.handlers import report_text
from bot.media import media_path, store_media
from bot.messages import Button, Outcome, Reply
from bot.texts import t
from db.tables import Agency
from scoring.charts import ChartError, radar_png
from scoring.province_view import province_view
from scoring.reports import Report, ReportError, build_report

REPORT_ACTION = re.compile(
    r"^rep:([A-Za-z0-9._-]{1,32}):(\d{4}):(summary|detail|improve|chart|dims|dim[1-6])$"
)
_CODE_IN_TEXT = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z]{2,5}-\d{2,4}|[A-Za-z0-9]*\d[A-Za-z0-9._-]*)(?![A-Za-z0-9])"
)


def _unlinked(ctx: Context) -> Outcome:
    return Outcome("score", [Reply(t(ctx.language, "score_unlinked"))])


def _denied(ctx: Context) -> Outcome:
    return Outcome("score", [Reply(t(ctx.language, "score_no_access"))])


def _scope(agency: Agency) -> access.AgencyScope:
    return access.AgencyScope(agency.code, agency.province, agency.ministry)


def report_buttons(report: Report, lang: str) -> tuple[Button, ...]:
    """The follow-ups of a report summary."""
    base = f"rep:{report.agency.code}:{report.year}"
    return (
        Button(t(lang, "btn_detail"), f"{base}:detail"),
        Button(t(lang, "btn_improve"), f"{base}:improve"),
        Button(t(lang, "btn_chart"), f"{base}:chart"),
        Button(t(lang, "btn_dims"), f"{base}:dims"),
    )


async def _agency_named(ctx: Context, session) -> Agency | None:
    for candidate in _CODE_IN_TEXT.findall(ctx.text):
        for code in {candidate, candidate.upper()}:
            agency = await session.get(Agency, code)
            if agency is not None:
                return agency
    return None


async def answer_score(ctx: Context) -> Outcome:
    """The asker's own agency (or province) results, or how to link, or a refusal."""
    sessions = ctx.services.sessions
    if sessions is None:
        return _unlinked(ctx)
    async with sessions() as session:
        viewer = await viewer_for(session, channel=ctx.inbound.channel, user_id=ctx.inbound.user_id)
        if not viewer.linked:
            return _unlinked(ctx)
        agency = await _agency_named(ctx, session)
        if agency is None:
            officer = viewer.grants_of("officer")
            coordinator = [g for g in viewer.grants_of("coordinator") if g.province]
            if officer:
                agency = await session.get(Agency, officer[0].agency_code)
            elif coordinator and access.can_view_province(viewer, coordinator[0].province):
                return await _province(ctx, session, coordinator[0].province)
            else:
                return Outcome("score", [Reply(t(ctx.language, "score_pick", example="LPG-00"))])
        if agency is None or not access.can_view(viewer, _scope(agency)):
            return _denied(ctx)
        try:
            report = await build_report(session, ctx.services.kb, agency.code)
        except ReportError:
            return Outcome("score", [Reply(t(ctx.language, "score_no_data", name=agency.name_th))])
    return Outcome(
        "score",
        [
            Reply(
                report_text.summary(report, ctx.language),
                title=agency.name_th,
                buttons=report_buttons(report, ctx.language),
            )
        ],
    )


async def _province(ctx: Context, session, province: str) -> Outcome:
    view = await province_view(session, ctx.services.kb, province)
    if view is None:
        return Outcome("score", [Reply(t(ctx.language, "score_no_data", name=province))])
    buttons = tuple(
        Button(row.code, f"rep:{row.code}:{view.year}:summary") for row in view.agencies[:12]
    )
    return Outcome("score", [Reply(report_text.province(view, ctx.language), buttons=buttons)])


async def answer_report_action(ctx: Context) -> Outcome:
    """A report button: checked against the access rule again, then answered."""
    code, year, view = REPORT_ACTION.match(ctx.inbound.action or "").groups()
    sessions = ctx.services.sessions
    if sessions is None:
        return _unlinked(ctx)
    lang = ctx.language
    async with sessions() as session:
        viewer = await viewer_for(session, channel=ctx.inbound.channel, user_id=ctx.inbound.user_id)
        agency = await session.get(Agency, code)
        if not viewer.linked:
            return _unlinked(ctx)
        if agency is None or not access.can_view(viewer, _scope(agency)):
            return _denied(ctx)
        try:
            report = await build_report(session, ctx.services.kb, code, int(year))
        except ReportError:
            return Outcome("score", [Reply(t(lang, "score_no_data", name=agency.name_th))])
        if view == "chart":
            try:
                png = radar_png(report, lang)
            except ChartError as error:
                return Outcome("score", [Reply(str(error))])
            token = await store_media(
                session, body=png, content_type="image/png", now=ctx.services.clock.now()
            )
            await session.commit()
            caption = t(lang, "chart_caption", name=agency.name_th)
            return Outcome(
                "score",
                [Reply(caption, image_url=media_path(token), buttons=report_buttons(report, lang))],
            )
    if view == "summary":
        replies = [
            Reply(
                report_text.summary(report, lang),
                title=agency.name_th,
                buttons=report_buttons(report, lang),
            )
        ]
    elif view == "detail":
        replies = [Reply(report_text.detail(report, lang), title=agency.name_th)]
    elif view == "improve":
        replies = [Reply(text) for text in report_text.improve(report, lang)]
    elif view == "dims":
        base = f"rep:{code}:{year}"
        replies = [
            Reply(
                t(lang, "pick_dimension"),
                buttons=tuple(
                    Button(f"{d.code}. {d.name_en}", f"{base}:dim{d.code}")
                    for d in report.dimensions
                ),
            )
        ]
    else:
        replies = [Reply(report_text.dimension(report, view.removeprefix("dim"), lang))]
    return Outcome("score", replies)
