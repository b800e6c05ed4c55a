"""Nominations, province side: prepare, submit, withdraw and follow a nomination.

The ministry's side lives in ``registry.ministry``, the national catalogue in
``registry.catalogue``; state changes for all three are in ``registry.nominations.service``.
"""
from datetime import date, datetime

from flask import Blueprint

from registry.core.formatting import format_day

bp = Blueprint("nominations", __name__)


def iso_day(value: str | None) -> str:
    """A dossier's ISO date, or moment (stored in UTC, shown as Vietnam's day), as dd/mm/yyyy."""
    if not value:
        return ""
    return format_day(datetime.fromisoformat(value) if len(value) > 10 else date.fromisoformat(value))


def _labels() -> dict:
    """Names (lazy, so in the reader's language) of the codes a dossier stores."""
    from registry.movement.models import CATEGORIES, SETTINGS, STATUSES
    from registry.nominations.models import CRITERIA, NOMINATION_STATUSES
    from registry.replication.models import SITE_STATUSES
    from registry.reviews.models import RATINGS, RECOMMENDATIONS

    return {
        "category": CATEGORIES, "setting": SETTINGS, "model_status": STATUSES, "nomination": NOMINATION_STATUSES,
        "criterion": CRITERIA, "site_status": SITE_STATUSES, "rating": RATINGS, "recommendation": RECOMMENDATIONS,
    }


def init_app(app) -> None:
    from registry.nominations import routes  # noqa: F401
    from registry.tenants import nest_in_province

    app.add_template_filter(iso_day, "iso_day")
    app.jinja_env.globals["code_labels"] = _labels()
    nest_in_province(bp)
