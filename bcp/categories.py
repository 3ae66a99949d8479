"""Which BCP routing category (seed 003's table) an agency belongs to.

The seed's table routes plans by category; the directory knows agencies by level and type.
Set where the documents make it clear, inferred from the type's name otherwise, and always
correctable per agency by an admin (``agencies.bcp_category``, ``dgbot agencies set-bcp``):

- a department (level ``department``): ``central`` — ส่วนราชการ send to OPDC directly;
- สำนักงานจังหวัด: ``provincial_office`` — the table's own row (its plan, copy to the
  ministry, and it collects the province's files);
- องค์การบริหารส่วนจังหวัด: ``local_large`` — named in the table (อบจ.);
- สำนักงานสรรพากรพื้นที่จังหวัด and สถาบันพัฒนาฝีมือแรงงาน: ``central_regional`` — their names
  mark them as area / regional units of central departments (Revenue; Skill Development);
- every other provincial type (the "...จังหวัด" offices under the governor):
  ``provincial_administration`` (ส่วนราชการส่วนภูมิภาค: to the provincial office);
- a province's overall entry has no category (it sends nothing).
"""

from __future__ import annotations

from typing import get_args

from db.tables import Agency
from knowledge.bcp_models import RoutingCategory
from scoring.directory import OVERALL_TYPE

CATEGORIES: tuple[str, ...] = get_args(RoutingCategory)  # the seed's table, one source
BY_TYPE = {
    "สำนักงานจังหวัด": "provincial_office",
    "องค์การบริหารส่วนจังหวัด": "local_large",
    "สำนักงานสรรพากรพื้นที่จังหวัด": "central_regional",
    "สถาบันพัฒนาฝีมือแรงงาน": "central_regional",
}


def default_category(agency: Agency) -> str | None:
    """The category the directory implies for ``agency`` (before any admin correction)."""
    if agency.level == "department":
        return "central"
    if agency.agency_type == OVERALL_TYPE:
        return None
    return BY_TYPE.get(agency.agency_type or "", "provincial_administration")


def category_of(agency: Agency) -> str | None:
    """The admin's correction if there is one, else the directory's default."""
    return agency.bcp_category or default_category(agency)


def plan_file_emails(guide, route) -> list[str]:
    """The e-mail addresses for plan files that concern ``route`` (those of the units it sends
    or copies to); every plan-file address when no route is known."""
    emails = [c for c in guide.contacts if c.purpose == "plan_files" and c.kind == "email"]
    if route is None:
        return [c.value for c in emails]
    targets = f"{route.send_to_th} {route.copy_to_th or ''}"
    return [c.value for c in emails if c.name_th and c.name_th in targets]
