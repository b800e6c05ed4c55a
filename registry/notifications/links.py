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

REVIEW_FORM = "province.reviews.new"
MODEL_PAGE = "province.movement.show"
MODEL_LIST = "province.movement.index"
# The nominations area decides its endpoint names; the first that exists is used.
NOMINATION_PAGES = ("ministry.nomination", "province.nominations.show")


def has_endpoint(endpoint: str) -> bool:
    return endpoint in current_app.view_functions


def _province_slug(province_id: int) -> str:
    return db.session.get(Province, province_id).slug


def review_form_url(model: MovementModel) -> str:
    """Where a reminder about ``model``'s review leads: the form for its next review.

    The form is ``province.reviews.new`` (/p/<province>/models/<model_id>/reviews/new, built by
    the reviews area). Until that endpoint is registered in this app the model page stands in,
    and failing that the province's home, so a reminder is never left without a link.
    """
    return review_form_path(_province_slug(model.province_id), model.id)


def review_form_path(slug: str, model_id: int) -> str:
    if has_endpoint(REVIEW_FORM):
        return path_for(REVIEW_FORM, province=slug, model_id=model_id)
    if has_endpoint(MODEL_PAGE):
        return path_for(MODEL_PAGE, province=slug, model_id=model_id)
    return path_for("province.tenants.home", province=slug)


def overdue_models_path(slug: str) -> str:
    """The province's overdue models, the longest overdue first."""
    return path_for(MODEL_LIST, province=slug, overdue=1, sort="due")


def nomination_url(nomination: Nomination) -> str:
    """Where a reviewer assesses ``nomination``: the first nomination page this app has."""
    for endpoint in NOMINATION_PAGES:
        if has_endpoint(endpoint):
            values = {"nomination_id": nomination.id}
            if endpoint.startswith("province."):
                values["province"] = _province_slug(nomination.province_id)
            return path_for(endpoint, **values)
    return path_for("core.home")


def absolute_url(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return current_app.config["PUBLIC_URL"].rstrip("/") + path
