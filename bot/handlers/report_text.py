"""Readiness reports as chat text, in Thai or English."""

from __future__ import annotations

from scoring.province_view import ProvinceView
from scoring.reports import Report


def _n(value: float | None, lang: str) -> str:
    if value is None:
        return "ไม่ได้สำรวจ" if lang == "th" else "not surveyed"
    return f"{value:.1f}"


def _gap(value: float | None) -> str:
    return "" if value is None else f" ({value:+.1f})"


def summary(report: Report, lang: str) -> str:
    """The short first answer: overall, strongest, weakest, the five to improve first."""
    th = lang == "th"
    lines = [
        f"{'ผลสำรวจความพร้อมรัฐบาลดิจิทัล ปี' if th else 'Digital government readiness, B.E.'} "
        f"{report.year}",
        report.agency.name_th,
    ]
    if report.overall is not None:
        label = "คะแนนรวม" if th else "Overall"
        made = (
            (" (คำนวณจากน้ำหนักมิติ)" if th else " (computed from dimension weights)")
            if report.overall_computed
            else ""
        )
        national = (
            f" · {'ค่าเฉลี่ยประเทศ' if th else 'national'} {_n(report.national_overall, lang)}"
            if report.national_overall is not None
            else ""
        )
        lines.append(f"{label}: {_n(report.overall, lang)}{made}{national}")
    if report.strongest:
        s, w = report.strongest, report.weakest
        lines.append(
            f"{'สูงสุด' if th else 'Strongest'}: {s.name_en} {_n(s.score, lang)}{_gap(s.gap)}"
        )
        lines.append(f"{'ต่ำสุด' if th else 'Weakest'}: {w.name_en} {_n(w.score, lang)}{_gap(w.gap)}")
    if report.improve_first:
        lines.append("")
        lines.append("ควรเร่งปรับปรุงก่อน:" if th else "Improve first:")
        lines += [
            f"{n}) {i.name_en} ({i.name_th}) {_n(i.score, lang)}"
            for n, i in enumerate(report.improve_first, start=1)
        ]
    if report.rank:
        r = report.rank
        lines.append(f"\n{'อันดับ' if th else 'Rank'} {r['rank']}/{r['of']} ({r['among']})")
    if report.change and report.change.get("overall") is not None:
        lines.append(
            f"{'เทียบปี' if th else 'Since'} {report.change['year']}: {report.change['overall']:+.1f}"
        )
    lines.append("")
    lines.append(
        "(ในวงเล็บ: ส่วนต่างจากค่าเฉลี่ยระดับประเทศ)"
        if th
        else "(in brackets: difference from the national average)"
    )
    return "\n".join(lines)


def detail(report: Report, lang: str) -> str:
    """Every dimension and indicator against the national average."""
    th = lang == "th"
    lines = [
        f"{report.agency.name_th} · {report.year}",
        "คะแนน / ค่าเฉลี่ยระดับประเทศ (ส่วนต่าง)" if th else "score / national average (difference)",
    ]
    for dim in report.dimensions:
        made = "*" if dim.computed else ""
        lines.append("")
        lines.append(
            f"{dim.code}. {dim.name_en}: {_n(dim.score, lang)}{made} / "
            f"{_n(dim.national_average, lang)}{_gap(dim.gap)}"
        )
        for ind in report.indicators:
            if ind.dimension == dim.name_en:
                lines.append(
                    f"  {ind.code} {ind.name_en}: {_n(ind.score, lang)} / "
                    f"{_n(ind.national_average, lang)}{_gap(ind.gap)}"
                )
    if any(d.computed for d in report.dimensions):
        lines.append(
            "\n* "
            + (
                "ค่าเฉลี่ยของตัวชี้วัดในมิติ (ไม่ได้นำเข้า)"
                if th
                else "mean of the dimension's indicators (not imported)"
            )
        )
    return "\n".join(lines)


def improve(report: Report, lang: str) -> list[str]:
    """One message per indicator to improve first, with its recommendation."""
    label = "ร้อยละ" if lang == "th" else "score"
    return [
        f"{n}) {i.name_en} ({i.name_th}) {label} {i.score:.1f}\n\n{i.recommendation}"
        for n, i in enumerate(report.improve_first, start=1)
    ]


def dimension(report: Report, code: str, lang: str) -> str:
    """One dimension and its indicators."""
    dim = next(d for d in report.dimensions if d.code == code)
    lines = [
        f"{dim.code}. {dim.name_en} ({dim.name_th})",
        f"{_n(dim.score, lang)} / {_n(dim.national_average, lang)}{_gap(dim.gap)}",
        "",
    ]
    lines += [
        f"{i.code} {i.name_en}: {_n(i.score, lang)} / {_n(i.national_average, lang)}{_gap(i.gap)}"
        for i in report.indicators
        if i.dimension == dim.name_en
    ]
    return "\n".join(lines)


def province(view: ProvinceView, lang: str) -> str:
    """A coordinator's overview of the province."""
    th = lang == "th"
    lines = [f"{'จังหวัด' if th else 'Province'} {view.province} · {view.year}"]
    codes = {name: str(n) for n, name in enumerate(view.dimensions, start=1)}
    lines.append(", ".join(f"{code}={name}" for name, code in codes.items()))
    for row in view.agencies:
        dims = " · ".join(
            f"{codes[n]}: {_n(v, lang)}" for n, v in row.dimensions.items() if v is not None
        )
        overall = (
            f"{'รวม' if th else 'overall'} {_n(row.overall, lang)} · "
            if row.overall is not None
            else ""
        )
        lines.append(f"• {row.code} {row.name}: {overall}{dims}")
    lines.append("")
    lines.append("ค่าเฉลี่ยจังหวัด / ต่ำสุด:" if th else "Province average / weakest:")
    for name, average in view.averages.items():
        if average is not None:
            lines.append(f"  {name}: {average:.1f} · {view.weakest.get(name, '-')}")
    if view.without_scores:
        lines.append(f"\n{'ยังไม่มีผล' if th else 'No results yet'}: {len(view.without_scores)}")
    return "\n".join(lines)
