"""Effectiveness reviews: the province's list, one review, a new draft, changing a draft, and
submitting it. Through the reviews area's form (one field per indicator of the model's category)
and service (save_draft, submission_errors, submit): the same checks and messages as the page.
A submitted review is locked; corrections with a reason stay on the page."""
from __future__ import annotations

from flask import g, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from registry.accounts.permissions import require_editor
from registry.api import bp, conditions, paging, province_bp
from registry.api.errors import Problem, invalid
from registry.api.openapi import json_body, operation
from registry.api.schemas_reviews import (
    IndicatorList, IndicatorOut, ReviewFields, ReviewList, ReviewOut, ReviewQuery, ReviewSubmit,
)
from registry.api.validation import check_with_form
from registry.extensions import db
from registry.movement.models import MovementModel
from registry.page_cache import kept
from registry.reviews import service
from registry.reviews.forms import review_form
from registry.reviews.models import Indicator, Review
from registry.tenants.scoping import get_owned_or_404

TAG = "Reviews"
REVIEW_ID = {"review_id": "The review's id."}
LOCKED = _l("This review is submitted; correct it with a reason instead.")


def review_out(review: Review) -> ReviewOut:
    values = {field: getattr(review, field) for field in ReviewOut.model_fields if hasattr(review, field)}
    return ReviewOut(**values | {"values": {v.indicator.code: v.value for v in review.values}})


def _answer(review: Review, status: int = 200):
    headers = {"ETag": conditions.etag(review.version)}
    if status == 201:
        headers["Location"] = url_for(".get_review", review_id=review.id, _external=True)
    return review_out(review), status, headers


@bp.get("/indicators")
@operation("listIndicators", TAG, ok=IndicatorList)
def list_indicators():
    """What reviews measure: each indicator's code (the keys of a review's ``values``), name in
    your language, unit, and the model categories that record it."""
    rows = db.session.scalars(select(Indicator).order_by(Indicator.position, Indicator.id))
    return IndicatorList(items=[IndicatorOut(
        code=i.code, name=i.name, unit=i.unit, higher_is_better=i.higher_is_better, target=i.target,
        categories=[c for c in i.categories.split(",") if c]) for i in rows])


@province_bp.get("/reviews")
@kept()
@operation("listReviews", TAG, ok=ReviewList, query=ReviewQuery, paged=True)
def list_reviews():
    """The province's reviews, latest period first; optionally one model's, or one status."""
    query: ReviewQuery = g.api_query
    statement = select(Review)
    if query.model:
        statement = statement.where(Review.model_id == query.model)
    if query.status:
        statement = statement.where(Review.status == query.status)
    rows = db.session.scalars(paging.window(statement.order_by(Review.period_end.desc(), Review.id.desc()), query))
    return paging.answer(ReviewList, query, paging.total(statement), [review_out(r) for r in rows])


@province_bp.get("/reviews/<int:review_id>")
@operation("getReview", TAG, ok=ReviewOut, parameters=REVIEW_ID)
def get_review(review_id: int):
    """One review with its indicator values. 404 for another province's."""
    return _answer(get_owned_or_404(Review, review_id))


def _data(fields: dict) -> dict:
    """The review form's data for these fields (values by indicator code)."""
    data = {name: fields.get(name) for name in ("period_start", "period_end")}
    data |= {"rating": fields.get("rating") or "", "recommendation": fields.get("recommendation") or "",
             "findings": fields.get("findings") or ""}
    data |= {f"value_{code}": value for code, value in (fields.get("values") or {}).items()}
    return data


def _checked(model: MovementModel, fields: dict):
    """The form's verdict on ``fields``: (ReviewData, the model's indicators); 422 otherwise."""
    indicators = service.indicators_for(model.category)
    codes = {indicator.code for indicator in indicators}
    unknown = {f"values.{code}": [_l("This indicator is not recorded for this model's category.")]
               for code in fields.get("values") or {} if code not in codes}
    form, errors = check_with_form(lambda **kwargs: review_form(indicators, **kwargs), _data(fields),
                                   {f"value_{code}": f"values.{code}" for code in codes})
    if errors or unknown:
        raise invalid(errors | unknown)
    return form.review_data(), indicators


def _current(review: Review) -> dict:
    return {"period_start": review.period_start, "period_end": review.period_end, "rating": review.rating,
            "recommendation": review.recommendation, "findings": review.findings,
            "values": {v.indicator.code: v.value for v in review.values}}


def _merged(review: Review, changes: dict) -> dict:
    fields = _current(review)
    values = fields["values"] | (changes.pop("values", None) or {})
    return fields | changes | {"values": values}


@province_bp.post("/models/<int:model_id>/reviews")
@operation("createReview", TAG, ok=ReviewOut, status=201, body=ReviewFields,
           parameters={"model_id": "The model reviewed."})
def create_review(model_id: int):
    """Record a draft review of a model (submit it later). 404 for another province's model,
    403 for viewers."""
    model = get_owned_or_404(MovementModel, model_id)
    require_editor()
    data, indicators = _checked(model, json_body().model_dump())
    review = service.new_review(model, current_user.id)
    service.save_draft(review, data, indicators)
    db.session.commit()
    return _answer(review, 201)


def _editable(review_id: int) -> Review:
    """The draft to change: 404 for another province's, 428/412 without the current ETag, 409 once submitted."""
    review = get_owned_or_404(Review, review_id)
    require_editor()
    conditions.expected_version(review.version)
    if review.is_submitted:
        raise Problem(409, LOCKED, code="review_submitted")
    return review


def _save(review: Review, action) -> None:
    """Run the service ``action`` and commit; 412 when someone saved the review meanwhile."""
    try:
        action()
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise conditions.stale(get_owned_or_404(Review, review.id).version) from None


@province_bp.patch("/reviews/<int:review_id>")
@operation("updateReview", TAG, ok=ReviewOut, body=ReviewSubmit, errors=(409, 412, 428), parameters=REVIEW_ID)
def update_review(review_id: int):
    """Change a draft: the fields sent (indicator values one by one), with ``If-Match``. 409 once submitted."""
    review = _editable(review_id)
    data, indicators = _checked(review.model, _merged(review, json_body().model_dump(exclude_unset=True)))
    _save(review, lambda: service.save_draft(review, data, indicators))
    return _answer(review)


@province_bp.post("/reviews/<int:review_id>/submit")
@operation("submitReview", TAG, ok=ReviewOut, body=ReviewSubmit, errors=(409, 412, 428), parameters=REVIEW_ID)
def submit_review(review_id: int):
    """Submit a draft (with the changes sent, if any): the page's submission checks apply (a
    period that has ended and overlaps no submitted review, a rating, a recommendation, findings,
    the 2019 baseline with the crimes). The model's next review date moves on."""
    review = _editable(review_id)
    data, indicators = _checked(review.model, _merged(review, json_body().model_dump(exclude_unset=True)))
    errors = service.submission_errors(review.model, data, review.id)
    if errors:
        raise invalid({name.replace("value_", "values.", 1) if name.startswith("value_") else name: messages
                       for name, messages in errors.items()})
    _save(review, lambda: service.submit(review, data, indicators, (), current_user.id))
    return _answer(review)
