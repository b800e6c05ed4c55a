"""The national figures (ministry roles only): every province's, as the national dashboard
shows them, from the dashboard's own functions (``registry.national``)."""
from __future__ import annotations

from registry.accounts.models import MINISTRY_ROLES
from registry.accounts.permissions import ministry_role_required
from registry.api import bp
from registry.api.openapi import operation
from registry.api.schemas import NationalFiguresOut, ProvinceFiguresOut
from registry.clock import today
from registry.national.queries import national_figures
from registry.page_cache import NATIONAL, kept

TAG = "National figures"


def _province(row) -> ProvinceFiguresOut:
    values = {field: getattr(row, field) for field in ProvinceFiguresOut.model_fields if hasattr(row, field)}
    return ProvinceFiguresOut(**values | {"province": row.slug, "by_category": dict(row.by_category)})


@bp.get("/national/figures")
@ministry_role_required(*MINISTRY_ROLES)
@kept(NATIONAL)
@operation("getNationalFigures", TAG, ok=NationalFiguresOut)
def figures():
    """Every province's figures side by side (coverage, models, running models, recognitions,
    reviews on time, overdue), the national dashboard's own numbers as of this request. 403
    without a ministry role."""
    national = national_figures(today())
    return NationalFiguresOut(
        provinces=[_province(row) for row in national.provinces],
        by_category=dict(national.by_category),
        recognised_by_year={str(year): count for year, count in national.recognised_by_year.items()},
        pipeline=dict(national.pipeline))
