"""Radar chart of an agency's dimensions against the national average (PNG bytes).

Rendered headless (Agg) with a Thai font from the system (Debian's fonts-thai-tlwg, which
``make test`` and the Docker image install), so Thai labels show as Thai, not boxes.
"""

from __future__ import annotations

import io
import math
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager
from matplotlib import pyplot as plt
from pythainlp.tokenize import word_tokenize

from scoring.reports import Report

THAI_FONTS = ("Sarabun", "Noto Sans Thai", "Loma", "Garuda", "Waree", "Norasi", "Kinnari")


class ChartError(RuntimeError):
    """The chart cannot be drawn (no Thai font, nothing to draw)."""


@lru_cache(maxsize=1)
def thai_font() -> str:
    """The family name of an installed font that has Thai glyphs."""
    installed = {font.name for font in font_manager.fontManager.ttflist}
    for family in THAI_FONTS:
        if family in installed:
            return family
    raise ChartError("no Thai font is installed (e.g. apt-get install fonts-thai-tlwg)")


def _average_label(report: Report, language: str) -> str:
    if language == "th":
        level = "ระดับกรม" if report.agency.level == "department" else "ระดับจังหวัด"
        return f"ค่าเฉลี่ยระดับประเทศ ({level})"
    return f"national average ({report.agency.level} level)"


def wrap_thai(text: str, width: int) -> str:
    """Wrap at word boundaries (pythainlp words), never inside a Thai syllable."""
    lines: list[str] = []
    current = ""
    for word in word_tokenize(text, keep_whitespace=True):
        if current and len(current) + len(word) > width:
            lines.append(current.strip())
            current = word.lstrip()
        else:
            current += word
    if current.strip():
        lines.append(current.strip())
    return "\n".join(lines)


def radar_png(report: Report, language: str = "th") -> bytes:
    """The radar chart of ``report`` as PNG bytes."""
    dims = [d for d in report.dimensions if d.score is not None]
    if len(dims) < 3:
        raise ChartError("a radar chart needs at least three dimensions with scores")
    family = thai_font()
    labels = [wrap_thai(d.name_th if language == "th" else d.name_en, 20) for d in dims]
    angles = [2 * math.pi * n / len(dims) for n in range(len(dims))]
    closed = [*angles, angles[0]]
    with plt.rc_context({"font.family": family, "font.size": 10}):
        figure, axes = plt.subplots(figsize=(7.5, 7.5), subplot_kw={"projection": "polar"})
        try:
            mine = [d.score for d in dims]
            axes.plot(
                closed,
                [*mine, mine[0]],
                color="#0b6bcb",
                linewidth=2,
                label=report.agency.name_th if language == "th" else report.agency.code,
            )
            axes.fill(closed, [*mine, mine[0]], color="#0b6bcb", alpha=0.2)
            for angle, value in zip(angles, mine, strict=True):
                axes.annotate(
                    f"{value:.1f}",
                    (angle, value),
                    textcoords="offset points",
                    xytext=(0, 8),
                    ha="center",
                    fontsize=9,
                    color="#0b4f94",
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
                )
            if all(d.national_average is not None for d in dims):
                avg = [d.national_average for d in dims]
                axes.plot(
                    closed,
                    [*avg, avg[0]],
                    color="#d9480f",
                    linewidth=1.5,
                    linestyle="--",
                    label=_average_label(report, language),
                )
            axes.set_theta_offset(math.pi / 2)
            axes.set_theta_direction(-1)
            axes.set_rlabel_position(180 / len(dims))
            axes.set_xticks(angles, labels)
            axes.set_ylim(0, 100)
            axes.set_yticks([20, 40, 60, 80, 100])
            axes.tick_params(axis="x", pad=30)
            axes.tick_params(axis="y", labelsize=8, labelcolor="#666666")
            title = (
                f"ความพร้อมรัฐบาลดิจิทัล ปี {report.year}"
                if language == "th"
                else f"Digital government readiness, B.E. {report.year}"
            )
            axes.set_title(f"{title}\n{report.agency.name_th}", pad=28, fontsize=13)
            axes.legend(loc="lower center", bbox_to_anchor=(0.5, -0.22), ncol=2, frameon=False)
            buffer = io.BytesIO()
            figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
        finally:
            plt.close(figure)
    return buffer.getvalue()
