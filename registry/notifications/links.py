"""Links that notifications carry: paths built with the app's URL map, also outside a request.

The reminder scan runs in a worker or a CLI command, where ``url_for`` has no request to
build against; ``path_for`` builds the same path from the URL map. Mails make the path
absolute with ``PUBLIC_URL``.
"""
from __future__ import annotations

from flask import current_app

from registry.extensions import db
from registry.movement.models import MovementModel
from registry.nominations.models import Nomination
from registry.tenants.models import Province
from registry.web import path_for  # noqa: F401  (re-exported: the reminders build their links with it)


def _province_slug(province_id: int) -> str:
    return db.session.get(Province, province_id).slug


def review_form_url(model: MovementModel) -> str:
    """Where a reminder about ``model``'s review leads: the form for its next review."""
    return review_form_path(_province_slug(model.province_id), model.id)


def review_form_path(slug: str, model_id: int) -> str:
    return path_for("province.reviews.new", province=slug, model_id=model_id)


def overdue_models_path(slug: str) -> str:
    """The province's overdue models, the longest overdue first."""
    return path_for("province.movement.index", province=slug, overdue=1, sort="due")


def nomination_url(nomination: Nomination) -> str:
    """Where a ministry reviewer assesses ``nomination`` (the reminders about waiting ones go to them)."""
    return path_for("ministry.nomination", nomination_id=nomination.id)


def absolute_url(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return current_app.config["PUBLIC_URL"].rstrip("/") + path
