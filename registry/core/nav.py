"""The one navigation of each role, the same on every page.

``navigation()`` answers the header's two lists: the primary links, in one row on a wide screen,
and the secondary ones (the province's other pages, administration, other provinces), grouped in
a menu. A province user's links are those of their province on every page, inside the province
or not; a ministry role keeps its ministry links, also while it reads a province (the breadcrumbs
say where it is). One more entry is one more line in a list below.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from flask import g, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from registry.accounts.models import MINISTRY_ADMIN


@dataclass(frozen=True)
class NavItem:
    text: str
    url: str
    exact: bool = False  # a home: current only on itself, not on the pages below it
    current: bool = False

    def matches(self) -> int:
        """How closely the page is this one or below it (the length of the path), 0 if not."""
        path = self.url.split("?", 1)[0]
        if request.path == path:
            return len(path) + 1
        if self.exact or path == "/":
            return 0
        return len(path) if request.path.startswith(path.rstrip("/") + "/") else 0


def _mark_current(navigation: Navigation) -> Navigation:
    """Only the closest item is the current one: /ministry/dashboard/models is the dashboard's, not the queue's."""
    items = navigation.primary + navigation.secondary
    best = max(items, key=NavItem.matches, default=None)
    if best is None or not best.matches():
        return navigation

    def mark(row: list[NavItem]) -> list[NavItem]:
        return [replace(item, current=True) if item is best else item for item in row]

    return Navigation(mark(navigation.primary), mark(navigation.secondary))


@dataclass(frozen=True)
class Navigation:
    primary: list[NavItem]
    secondary: list[NavItem]


def _province_pages(slug: str, can_admin: bool) -> tuple[list[NavItem], list[NavItem]]:
    def link(endpoint: str) -> str:
        return url_for(endpoint, province=slug)

    primary = [
        NavItem(_("Models"), link("province.movement.index")),
        NavItem(_("Replication sites"), link("province.replication.province_sites")),
        NavItem(_("Reviews"), link("province.reviews.board_page")),
        NavItem(_("Nominations"), link("province.nominations.index")),
    ]
    secondary = [
        NavItem(_("Dashboard"), link("province.dashboard.index")),
        NavItem(_("Models that need a decision"), link("province.reviews.needs_decision")),
        NavItem(_("Wards"), link("province.tenants.wards")),
        NavItem(_("Members"), link("province.members.index")),
    ]
    if can_admin:
        secondary.append(NavItem(_("Undelivered mail"), link("province.notifications.failures")))
    return primary, secondary


def navigation() -> Navigation:
    """The signed-in user's navigation; empty for anyone else."""
    if not current_user.is_authenticated:
        return Navigation([], [])
    memberships = [m for m in current_user.memberships if m.active]
    province = g.get("province")
    if (province is None or g.get("ministry_reading")) and memberships:
        province = memberships[0].province
    primary: list[NavItem] = []
    secondary: list[NavItem] = []
    if current_user.is_ministry:
        primary += [NavItem(_("National dashboard"), url_for("national.dashboard")),
                    NavItem(_("Nominations to review"), url_for("ministry.queue_page"))]
        secondary.append(NavItem(_("Rounds of nominations"), url_for("ministry.rounds")))
        if current_user.ministry_role == MINISTRY_ADMIN:
            secondary += [NavItem(_("Accounts"), url_for("account_admin.index")),
                          NavItem(_("Operations"), url_for("operations.index"))]
    membership = next((m for m in memberships if province is not None and m.province_id == province.id), None)
    if membership is not None:  # a ministry role reading a province keeps its own links (breadcrumbs say where)
        pages, more = _province_pages(province.slug, membership.is_admin)
        primary += [NavItem(province.name, url_for("province.tenants.home", province=province.slug), exact=True),
                    *pages]
        secondary = more + secondary
    primary.append(NavItem(_("National catalogue"), url_for("catalogue.index")))
    secondary += [NavItem(m.province.name, url_for("province.tenants.home", province=m.province.slug), exact=True)
                  for m in memberships if membership is None or m.province_id != membership.province_id]
    secondary.append(NavItem(_("Lessons"), url_for("lessons.index")))
    secondary.append(NavItem(_("Notifications"), url_for("notifications.index")))
    return _mark_current(Navigation(primary, secondary))


def init_app(app) -> None:
    app.add_template_global(navigation)
