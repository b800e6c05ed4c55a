"""Reading sites: the province's list with its filters (screen and exports).

The figures shown beside them (live sites, wards reached, coverage) come from
``registry.figures.queries``.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import false, func, select

from registry.extensions import db
from registry.movement.models import SETTINGS, MovementModel
from registry.replication.models import SITE_STATUSES, ReplicationSite
from registry.replication.wards import CODE_IN_PARENS, bare
from registry.tenants.models import Ward
from registry.text import fold, like_pattern
from registry.web import int_arg


@dataclass(frozen=True)
class SiteFilters:
    """The filters of the province's sites list, read from the URL; exports use the same."""

    model_id: int | None = None
    ward: str = ""
    status: str = ""
    setting: str = ""

    @classmethod
    def from_args(cls, args) -> SiteFilters:
        status, setting = args.get("status", ""), args.get("setting", "")
        return cls(
            model_id=int_arg("model", args=args),
            ward=args.get("ward", "")[:120].strip(),
            status=status if status in SITE_STATUSES else "",
            setting=setting if setting in SETTINGS else "",
        )

    def as_args(self) -> dict:
        args = {"model": self.model_id, "ward": self.ward, "status": self.status, "setting": self.setting}
        return {key: value for key, value in args.items() if value}


# The list's order, unique thanks to the id: exports page through it by these keys.
SITE_ORDER = (MovementModel.name_folded, Ward.name_folded, ReplicationSite.sub_unit, ReplicationSite.id)


def site_criteria(province_id: int, filters: SiteFilters | None = None, model_id: int | None = None,
                  ward_id: int | None = None) -> list:
    """The filters on the site's own columns: the province, the model, the ward (its id, as the
    list's picker resolved it), status and setting. No join is needed to apply them."""
    filters = filters or SiteFilters()
    criteria = [ReplicationSite.province_id == province_id]
    model_id = model_id or filters.model_id
    if model_id:
        criteria.append(ReplicationSite.model_id == model_id)
    if ward_id is not None:
        criteria.append(ReplicationSite.ward_id == ward_id)
    if filters.status:
        criteria.append(ReplicationSite.status == filters.status)
    if filters.setting:
        criteria.append(ReplicationSite.setting == filters.setting)
    return criteria


def sites_statement(province_id: int, filters: SiteFilters | None = None, model_id: int | None = None,
                    ward_id: int | None = None):
    """Sites of the province (or of one model) with their ward and model, in a stable order.

    The ward filter is ``ward_id`` when the caller resolved it (the list's picker), else the
    filters' ward text: a code, or part of a name (exports read it from the URL).
    """
    filters = filters or SiteFilters()
    statement = (
        select(ReplicationSite, Ward, MovementModel)
        .join(Ward, ReplicationSite.ward_id == Ward.id)
        .join(MovementModel, ReplicationSite.model_id == MovementModel.id)
        .where(*site_criteria(province_id, filters, model_id, ward_id))
    )
    if filters.ward and ward_id is None:
        code = CODE_IN_PARENS.search(filters.ward)
        if code or filters.ward.isdigit():
            number = code.group(1) if code else filters.ward
            # A ward code has 5 digits; a longer number matches none (and never overflows the column).
            statement = statement.where(Ward.code == int(number) if len(number) <= 9 else false())
        else:
            statement = statement.where(Ward.name_folded.like(like_pattern(bare(fold(filters.ward))), escape="\\"))
    return statement.order_by(*SITE_ORDER)


def count_rows(statement) -> int:
    return db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery())) or 0
