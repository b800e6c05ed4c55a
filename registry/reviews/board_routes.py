"""What the reviews tell: a model's review panel, the province's board, and the models
that need a decision (ended from there with the review as the reason)."""
from __future__ import annotations

from flask import flash, g, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from registry.accounts.models import Membership, User
from registry.core.formatting import translated
from registry.extensions import db
from registry.movement.models import CATEGORIES, ENDED, END_REASONS, MovementModel
from registry.page_cache import kept
from registry.reviews import board, bp, queries, service
from registry.clock import today
from registry.reviews.forms import EndModelForm
from registry.reviews.models import NATIONAL_TARGET_CHANGE, RATINGS, RECOMMENDATIONS, REVIEW_STATUSES, Review
from registry.accounts.permissions import require_editor
from registry.replication.ward_picker import Pick, resolved_filter
from registry.tenants.scoping import get_owned_or_404
from registry.web import int_arg, redirect_after_post, render_page


@bp.get("/models/<int:model_id>/reviews")
@kept()
def model_panel(model_id: int):
    """The review panel of the model page (lazy-loaded there; a full page when opened
    directly). 404 for another province's model."""
    model = get_owned_or_404(MovementModel, model_id)
    data = queries.panel(model, service.indicators_for(model.category))
    return render_page("reviews/panel.html", "panel", panel=data, model=model, ratings=RATINGS,
                       recommendations=RECOMMENDATIONS, statuses=REVIEW_STATUSES, target=NATIONAL_TARGET_CHANGE)


NO_WARD = -1  # a ward filter that names no ward of the province (the picker says why): nothing matches


def _filters(ward: Pick) -> board.Filters:
    category = request.args.get("category") or None
    return board.Filters(
        ward_id=ward.ward.id if ward.ward else (NO_WARD if ward.error else None),
        category=category if category in CATEGORIES else None,
        officer_id=int_arg("officer") or None,
    )


def _filter_choices() -> dict:
    """The filters' options as plain rows: a large province has ~200 members (wards: the picker)."""
    officers = db.session.execute(
        select(User.id, User.display_name).join(Membership, Membership.user_id == User.id)
        .where(Membership.province_id == g.province.id).order_by(User.name, User.email)
    )
    return {"officers": officers.all(), "categories": CATEGORIES}


@bp.get("/reviews/")
@kept()
def board_page():
    """The province's reviews board; the filters swap the results block."""
    ward = resolved_filter(g.province, request.args)
    filters, day = _filters(ward), today()
    return render_page(
        "reviews/board.html", "results", filters=filters, today=day, choices=_filter_choices(), ward=ward,
        ward_text=request.args.get("ward_q"),
        counts=board.counts(filters, day, g.province.id), due_soon=board.due_soon(filters, day), overdue=board.overdue(filters, day),
        submitted=board.submitted_this_quarter(filters, day), ratings=translated(RATINGS), categories=translated(CATEGORIES),
    )


@bp.get("/reviews/needs-decision")
def needs_decision():
    """Models with two weak ratings in a row or an "end" recommendation."""
    return render_page("reviews/needs_decision.html", "content", decisions=queries.needs_decision(),
                       ratings=RATINGS, recommendations=RECOMMENDATIONS, reasons=END_REASONS)


@bp.post("/reviews/<int:review_id>/end-model")
def end_model(review_id: int):
    """End the review's model, recording the review as the reason. 404 for another
    province's review; 403 for viewers; a model already ended is left as it is."""
    review = get_owned_or_404(Review, review_id)
    require_editor()
    form = EndModelForm()
    if review.model.status == ENDED or not review.is_submitted:
        flash(_("This model cannot be ended from this review."), "error")
    elif form.validate_on_submit():
        service.end_model(review, form.end_reason.data, (form.note.data or "").strip())
        db.session.commit()
        flash(_("The model “%(name)s” was ended.", name=review.model.name), "success")
    return redirect_after_post(url_for(".needs_decision"))
