"""Who may see which agency's results. The one place this rule lives.

- an officer sees only the agency of their grant;
- a coordinator sees the agencies of their province (or of their ministry);
- an admin sees every agency;
- national averages are public; an unlinked person sees no agency figure at all.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("officer", "coordinator", "admin")


@dataclass(frozen=True)
class Grant:
    """One role over an agency, a province or a ministry (admins: everything)."""

    role: str
    agency_code: str | None = None
    province: str | None = None
    ministry: str | None = None


@dataclass(frozen=True)
class AgencyScope:
    """What the rule needs to know of an agency."""

    code: str
    province: str | None
    ministry: str | None


@dataclass(frozen=True)
class Viewer:
    """A person asking, with every grant they hold (none when unlinked)."""

    person_id: int | None
    grants: tuple[Grant, ...] = ()

    @property
    def linked(self) -> bool:
        """True once the person has redeemed at least one invite."""
        return bool(self.grants)

    @property
    def is_admin(self) -> bool:
        """True for admins."""
        return any(g.role == "admin" for g in self.grants)

    def grants_of(self, role: str) -> list[Grant]:
        """The grants of one role."""
        return [g for g in self.grants if g.role == role]


def can_view(viewer: Viewer, agency: AgencyScope) -> bool:
    """True when ``viewer`` may see ``agency``'s own results."""
    for grant in viewer.grants:
        if grant.role == "admin":
            return True
        if grant.role == "officer" and grant.agency_code == agency.code:
            return True
        if grant.role == "coordinator" and (
            (grant.province is not None and grant.province == agency.province)
            or (grant.ministry is not None and grant.ministry == agency.ministry)
        ):
            return True
    return False


def can_view_province(viewer: Viewer, province: str) -> bool:
    """True when ``viewer`` may see a whole province's overview."""
    return viewer.is_admin or any(g.province == province for g in viewer.grants_of("coordinator"))
