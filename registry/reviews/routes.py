"""Recording a review: the form (draft or submit), the review page, corrections, evidence.

Every view loads first (404 for another province's model, review or file), then checks
the role (403 for viewers on changes), then acts and commits once.
"""
from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from registry.accounts.permissions import require_editor
from registry.extensions import db
from registry.movement.models import Attachment, MovementModel
from registry.reviews import bp, service
from registry.reviews.evidence import path_of
from registry.reviews.forms import SUBMIT, review_form
from registry.reviews.models import RATINGS, RECOMMENDATIONS, REVIEW_STATUSES, REVIEW_SUBMITTED, Review
from registry.reviews.queries import review_history
from registry.reviews.schedule import add_months
from registry.tenants.scoping import get_owned_or_404
from registry.web import redirect_after_post, render_page, send_download


def _form_page(form, model: MovementModel, review: Review | None, correction: bool = False):
    return render_page("reviews/form.html", "form", form=form, model=model, review=review, correction=correction)


def _field_labels(indicators) -> dict:
    labels = {"period_start": _("Period from"), "period_end": _("Period to"), "rating": _("Rating"),
              "recommendation": _("Recommendation"), "findings": _("Findings")}
    return labels | {f"value:{indicator.code}": indicator.name for indicator in indicators}


def _suggested_period(model: MovementModel) -> dict:
    last = db.session.scalar(select(Review).where(Review.model_id == model.id, Review.status == REVIEW_SUBMITTED)
                             .order_by(Review.period_end.desc()).limit(1))
    start = last.period_end + timedelta(days=1) if last else model.launched_on
    if start is None:
        return {}
    return {"period_start": start, "period_end": add_months(start, model.review_interval_months) - timedelta(days=1)}


def _save(model: MovementModel, review: Review | None):
    """Validate the form; save a draft, or run the submission checks and submit."""
    indicators = service.indicators_for(model.category)
    kwargs = {} if review or request.method == "POST" else {"data": _suggested_period(model)}
    form = review_form(indicators, review, **kwargs)
    if not form.validate_on_submit():
        return _form_page(form, model, review)
    data, submitting = form.review_data(), request.form.get("action") == SUBMIT
    errors = service.submission_errors(model, data, review.id if review else None) if submitting else {}
    if errors:
        form.add_errors(errors)
        return _form_page(form, model, review)
    review = review or service.new_review(model, current_user.id)
    action = service.submit if submitting else service.save_draft
    action(review, data, indicators, form.uploads(), current_user.id)
    db.session.commit()
    flash(_("The review was submitted.") if submitting else _("The draft was saved."), "success")
    return redirect_after_post(url_for(".show", review_id=review.id))


@bp.route("/models/<int:model_id>/reviews/new", methods=["GET", "POST"])
def new(model_id: int):
    """Record a review of a model. 404 for another province's model; 403 for viewers."""
    model = get_owned_or_404(MovementModel, model_id)
    require_editor()
    return _save(model, None)


@bp.route("/reviews/<int:review_id>/edit", methods=["GET", "POST"])
def edit(review_id: int):
    """Finish a draft. 404 for another province's review; 403 for viewers; a submitted
    review is locked and sends the user to its page."""
    review = get_owned_or_404(Review, review_id)
    require_editor()
    if review.is_submitted:
        flash(_("This review is submitted; correct it with a reason instead."), "error")
        return redirect_after_post(url_for(".show", review_id=review.id))
    return _save(review.model, review)


@bp.get("/reviews/<int:review_id>")
def show(review_id: int):
    """A review with its values, evidence and history. 404 for another province's review."""
    review = get_owned_or_404(Review, review_id)
    indicators = service.indicators_for(review.model.category)
    files = db.session.scalars(select(Attachment).where(Attachment.review_id == review.id)
                               .order_by(Attachment.uploaded_at)).all()
    return render_page(
        "reviews/show.html", "content", review=review, model=review.model, indicators=indicators, files=files,
        history=review_history(review), ratings=RATINGS, recommendations=RECOMMENDATIONS,
        statuses=REVIEW_STATUSES, field_labels=_field_labels(indicators),
    )


@bp.route("/reviews/<int:review_id>/correct", methods=["GET", "POST"])
def correct(review_id: int):
    """Correct a submitted review with a reason. 404 for another province's review; 403
    for viewers; a draft is simply edited."""
    review = get_owned_or_404(Review, review_id)
    require_editor()
    if not review.is_submitted:
        return redirect_after_post(url_for(".edit", review_id=review.id))
    indicators = service.indicators_for(review.model.category)
    form = review_form(indicators, review, correction=True)
    if form.validate_on_submit():
        data = form.review_data()
        errors = service.submission_errors(review.model, data, review.id)
        form.add_errors(errors)
        if not errors:
            service.correct(review, data, indicators, form.reason.data.strip(), form.uploads(), current_user.id)
            db.session.commit()
            flash(_("The correction was recorded."), "success")
            return redirect_after_post(url_for(".show", review_id=review.id))
    return _form_page(form, review.model, review, correction=True)


@bp.get("/reviews/<int:review_id>/evidence/<int:evidence_id>")
def evidence(review_id: int, evidence_id: int):
    """Download an evidence file, through its review. 404 for another province's review
    or a file of another review."""
    review = get_owned_or_404(Review, review_id)
    attachment = db.session.scalar(
        select(Attachment).where(Attachment.id == evidence_id, Attachment.review_id == review.id)
    )
    if attachment is None:
        abort(404)
    return send_download(path_of(attachment), attachment.content_type, attachment.filename)
