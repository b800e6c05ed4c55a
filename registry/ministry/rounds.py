"""The ministry's rounds (đợt): the list, opening one, its nominations, closing it.

Every ministry role reads them; only the ministry admin opens and closes (403 otherwise).
"""
from __future__ import annotations

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from registry import clock
from registry.accounts.models import MINISTRY_ADMIN, MINISTRY_REVIEWER
from registry.accounts.permissions import ministry_role_required, require_ministry_role
from registry.extensions import db
from registry.figures import rules
from registry.ministry import bp
from registry.ministry.forms import DOCUMENT_OUTCOMES, DecisionDocumentForm, RoundForm
from registry.movement.models import MovementModel
from registry.nominations import decisions
from registry.nominations import rounds as service
from registry.nominations.confirm import confirm_page, confirmed
from registry.nominations.models import (
    BEFORE_MINISTRY, NOMINATION_STATUSES, DecisionDocument, Nomination, NominationRound,
)
from registry.nominations.service import NominationError
from registry.tenants.models import Province
from registry.web import redirect_after_post, render_page

readers = ministry_role_required(MINISTRY_REVIEWER, MINISTRY_ADMIN)


def _round_or_404(round_id: int) -> NominationRound:
    round_ = db.session.get(NominationRound, round_id)
    if round_ is None:
        abort(404)
    return round_


def _counts() -> dict[int, int]:
    """Nominations per round, drafts included (the round's own figure of how many are coming)."""
    return dict(db.session.execute(
        select(Nomination.round_id, func.count(Nomination.id)).where(Nomination.round_id.is_not(None))
        .group_by(Nomination.round_id)).all())


def _list_page(form: RoundForm):
    return render_page("ministry/rounds.html", "content", rounds=service.all_rounds(), counts=_counts(), form=form,
                       today=clock.today())


@bp.get("/rounds/")
@readers
def rounds():
    """Every round, newest first, and (for the ministry admin) the form that opens one."""
    return _list_page(RoundForm(year=clock.today().year))


@bp.post("/rounds/")
@ministry_role_required(MINISTRY_ADMIN)
def open_round():
    """Open a round (ministry admin only)."""
    form = RoundForm()
    if not form.validate_on_submit():
        return _list_page(form)
    try:
        round_ = service.open_round(current_user, form.name.data, form.year.data, form.deadline.data,
                                    form.min_months_active.data, form.criteria.data or "")
    except service.RoundError as error:
        db.session.rollback()
        form.deadline.errors = [str(error)]
        return _list_page(form)
    db.session.commit()
    flash(_("The round “%(name)s” is open for nominations.", name=round_.name), "success")
    return redirect_after_post(url_for(".round_page", round_id=round_.id))


@bp.get("/rounds/<int:round_id>")
@readers
def round_page(round_id: int):
    """One round: its conditions and every nomination the provinces sent into it."""
    round_ = _round_or_404(round_id)
    rows = db.session.execute(
        select(Nomination, MovementModel, Province).join(MovementModel, MovementModel.id == Nomination.model_id)
        .join(Province, Province.id == Nomination.province_id)
        .where(Nomination.round_id == round_.id, rules.seen_by_ministry(Nomination))
        .order_by(Province.name, MovementModel.name_folded)).all()
    drafts = db.session.scalar(select(func.count(Nomination.id)).where(
        Nomination.round_id == round_.id, Nomination.submitted_at.is_(None), Nomination.status == "draft"))
    documents = db.session.scalars(select(DecisionDocument).where(DecisionDocument.round_id == round_.id)
                                   .order_by(DecisionDocument.signed_on, DecisionDocument.id)).all()
    return render_page("ministry/round.html", "content", round=round_, rows=rows, drafts=drafts,
                       statuses=NOMINATION_STATUSES, documents=documents)


@bp.post("/rounds/<int:round_id>/close")
@readers
def close_round(round_id: int):
    """Close the round to new nominations, after a confirmation (ministry admin only)."""
    round_ = _round_or_404(round_id)
    require_ministry_role(MINISTRY_ADMIN)
    back = url_for(".round_page", round_id=round_.id)
    if not confirmed():
        return confirm_page(_("Close the round “%(name)s”?", name=round_.name),
                            [_("Provinces can no longer nominate into it or send drafts to the Ministry.")],
                            url_for(".close_round", round_id=round_.id), _("Yes, close the round"), back)
    try:
        service.close_round(round_, current_user)
    except service.RoundError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("The round was closed."), "success")
    return redirect_after_post(back)


def _decidable_rows(round_: NominationRound):
    rows = db.session.execute(
        select(Nomination, MovementModel, Province).join(MovementModel, MovementModel.id == Nomination.model_id)
        .join(Province, Province.id == Nomination.province_id)
        .where(Nomination.round_id == round_.id, Nomination.status.in_(BEFORE_MINISTRY))
        .order_by(Province.name, MovementModel.name_folded)).all()
    return [(row, decisions.decidable(row[0])) for row in rows]


def _decision_page(round_: NominationRound, form: DecisionDocumentForm):
    return render_page("ministry/round_decision.html", "content", round=round_, rows=_decidable_rows(round_),
                       form=form, outcomes=DOCUMENT_OUTCOMES)


@bp.route("/rounds/<int:round_id>/decision", methods=["GET", "POST"])
@readers
def round_decision(round_id: int):
    """One decision document recognising or rejecting several nominations of the round, a reason
    for each (ministry admin only; the form's confirmation box is the step's confirmation)."""
    round_ = _round_or_404(round_id)
    require_ministry_role(MINISTRY_ADMIN)
    form = DecisionDocumentForm()
    if request.method == "GET" or not form.validate_on_submit():
        return _decision_page(round_, form)
    chosen = {}
    for (nomination, _model, _province), _ok in _decidable_rows(round_):
        outcome = request.form.get(f"outcome_{nomination.id}", "")
        if outcome:
            chosen[nomination.id] = decisions.Outcome(nomination, outcome,
                                                      request.form.get(f"reason_{nomination.id}", "")[:5000])
    try:
        document = decisions.issue(round_, current_user, form.number.data, form.signed_on.data, form.signer.data,
                                   form.file.data, list(chosen.values()))
    except NominationError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _decision_page(_round_or_404(round_id), form)
    db.session.commit()
    flash(_("Decision %(number)s was recorded for %(n)s nominations.", number=document.number, n=len(chosen)),
          "success")
    return redirect_after_post(url_for(".round_page", round_id=round_.id))


@bp.get("/decisions/<int:document_id>/file")
@readers
def decision_file(document_id: int):
    """The signed PDF of a decision document."""
    document = db.session.get(DecisionDocument, document_id)
    if document is None:
        abort(404)
    return decisions.send(document)
