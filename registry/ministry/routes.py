"""The Ministry's review of nominations (ministry roles only: 403 for province users)."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from registry.accounts.models import MINISTRY_ADMIN, MINISTRY_REVIEWER, User
from registry.accounts.permissions import ministry_role_required, require_ministry_role
from registry.core.formatting import translated
from registry.extensions import db
from registry.ministry import bp
from registry.ministry.forms import OUTCOMES, AssessmentForm, ConsensusForm, DecisionForm
from registry.ministry.queries import PER_PAGE, QueueFilters, queue, round_years, scores_for
from registry.movement.models import CATEGORIES, Attachment
from registry.nominations import assessors, attachments, consensus, notices, service
from registry.nominations.confirm import confirm_page, confirmed
from registry.nominations.forms import CommentForm
from registry.nominations.models import NOMINATION_STATUSES, RETURNED, Dossier, Nomination
from registry.page_cache import NATIONAL, kept
from registry.tenants.models import Province
from registry.tenants.scoping import get_owned_or_404
from registry.web import int_args, redirect_after_post, render_page

# The area's gate: any ministry role (province users 403). Reviewers-only views check after loading.
readers = ministry_role_required(MINISTRY_REVIEWER, MINISTRY_ADMIN)


def _nomination(nomination_id: int) -> Nomination:
    """A nomination the province has submitted at least once; 404 for unknown ones and drafts."""
    nomination = get_owned_or_404(Nomination, nomination_id)
    if nomination.submitted_at is None:
        abort(404)
    return nomination


def _show_url(nomination: Nomination) -> str:
    return url_for("ministry.nomination", nomination_id=nomination.id)


def _page(nomination: Nomination, decision_form=None, comment_form=None, consensus_form=None):
    files = db.session.scalars(select(Attachment).where(Attachment.nomination_id == nomination.id)).all()
    return render_page(
        "ministry/nomination.html", "content", nomination=nomination, model=nomination.model,
        province=db.session.get(Province, nomination.province_id), scores=scores_for(nomination, current_user),
        files=files, decision_form=decision_form or DecisionForm(), comment_form=comment_form or CommentForm(),
        consensus_form=consensus_form or ConsensusForm(), outcomes=OUTCOMES,
    )


@bp.get("/")
@readers
@kept(NATIONAL)
def queue_page():
    """Nominations across provinces with filters and the count per state."""
    filters = QueueFilters.from_args(request.args)
    rows, counts = queue(filters)
    total = counts.get(filters.state, 0) if filters.state else sum(counts.values())
    provinces = db.session.scalars(select(Province).order_by(Province.name)).all()
    return render_page("ministry/queue.html", "results", rows=rows, counts=counts, filters=filters,
                       pages=max(1, -(-total // PER_PAGE)), awaiting=assessors.awaiting_score(current_user),
                       reviewers=notices.ministry_reviewers() if current_user.ministry_role == MINISTRY_ADMIN else [],
                       provinces=provinces, categories=translated(CATEGORIES), years=round_years(),
                       statuses=translated(NOMINATION_STATUSES))


@bp.get("/nominations/<int:nomination_id>")
@readers
def nomination(nomination_id: int):
    """One nomination: dossier, files, assessments (blind until one's own is in), decision, thread."""
    return _page(_nomination(nomination_id))


@bp.get("/nominations/<int:nomination_id>/dossiers/<int:dossier_id>")
@readers
def dossier(nomination_id: int, dossier_id: int):
    """A frozen dossier as a printable A4 document; 404 for a dossier of another nomination."""
    nomination = _nomination(nomination_id)
    frozen = db.session.scalar(select(Dossier).where(Dossier.id == dossier_id, Dossier.nomination_id == nomination.id))
    if frozen is None:
        abort(404)
    return render_page("ministry/dossier.html", "content", nomination=nomination, snapshot=frozen.snapshot)


@bp.route("/nominations/<int:nomination_id>/assessment", methods=["GET", "POST"])
@readers
def assessment(nomination_id: int):
    """The reviewer's own assessment: save a draft or submit it (reviewers only; the first save
    puts a submitted nomination under review)."""
    nomination = _nomination(nomination_id)
    require_ministry_role(MINISTRY_REVIEWER)
    mine = service.assessment_of(nomination, current_user)
    form = AssessmentForm(data=_initial(mine)) if request.method == "GET" else AssessmentForm()
    final = request.form.get("action") == "submit"
    if request.method == "POST" and form.validate() and (not final or form.check_complete()):
        try:
            mine = service.start_assessment(nomination, current_user)
            service.save_assessment(mine, form.scores(), form.comments(), form.summary.data or "",
                                    final=final)
        except service.NominationError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Your assessment was submitted.") if mine.is_submitted else _("Your draft was saved."), "success")
            return redirect_after_post(_show_url(nomination) if mine.is_submitted else request.path)
    if request.method == "POST" and form.errors_in_criteria():
        flash(_("Some criteria are not complete: see each one below."), "error")
    dossier = nomination.current_dossier
    return render_page("ministry/assessment.html", "content", nomination=nomination, form=form, mine=mine,
                       dossier=dossier, snapshot=dossier.snapshot)


def _initial(mine) -> dict:
    if mine is None:
        return {}
    data = {"summary": mine.summary}
    for name, score in mine.scores.items():
        data[f"score_{name}"] = score
        data[f"comment_{name}"] = mine.comments.get(name, "")
    return data


@bp.post("/nominations/<int:nomination_id>/decision")
@readers
def decide(nomination_id: int):
    """Return for changes, saying what to add, after a confirmation (reviewers only; needs two
    submitted assessments and their consensus where they diverge)."""
    nomination = _nomination(nomination_id)
    require_ministry_role(MINISTRY_REVIEWER)
    form = DecisionForm()
    if not form.validate_on_submit():
        return _page(nomination, decision_form=form)
    if not confirmed():
        return confirm_page(
            _("Return “%(model)s” to the province?", model=nomination.model.name),
            [_("The province is told at once, by mail and on its nomination page."), form.comment.data],
            url_for(".decide", nomination_id=nomination.id), _("Yes, return it"), _show_url(nomination),
            comment=form.comment.data)
    try:
        service.decide(nomination, current_user, RETURNED, form.comment.data)
    except service.NominationError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _page(db.session.get(Nomination, nomination_id), decision_form=form)
    db.session.commit()
    flash(_("The nomination was returned to the province."), "success")
    return redirect_after_post(_show_url(nomination))


@bp.post("/nominations/<int:nomination_id>/comments")
@readers
def comment(nomination_id: int):
    """Add to the thread with the province."""
    nomination = _nomination(nomination_id)
    form = CommentForm()
    if not form.validate_on_submit():
        return _page(nomination, comment_form=form)
    service.add_comment(nomination, current_user, form.body.data, from_ministry=True)
    db.session.commit()
    flash(_("Your comment was added."), "success")
    return redirect_after_post(_show_url(nomination) + "#comments")


@bp.get("/nominations/<int:nomination_id>/attachments/<int:attachment_id>")
@readers
def download(nomination_id: int, attachment_id: int):
    """A supporting file of a submitted nomination."""
    nomination = _nomination(nomination_id)
    attachment = db.session.scalar(select(Attachment).where(
        Attachment.id == attachment_id, Attachment.nomination_id == nomination.id))
    if attachment is None:
        abort(404)
    return attachments.send(attachment)


@bp.get("/compare")
@readers
def compare():
    """Two or more nominations side by side: figures, ratings and (where visible) rubric scores."""
    ids = sorted(set(int_args("ids")))
    nominations = db.session.scalars(
        select(Nomination).where(Nomination.id.in_(ids), Nomination.submitted_at.is_not(None)).order_by(Nomination.id)
    ).all()
    if len(nominations) < 2:
        flash(_("Choose at least two nominations to compare."), "error")
        return redirect(url_for(".queue_page"))
    columns = [(n, n.current_dossier.snapshot, scores_for(n, current_user)) for n in nominations]
    return render_page("ministry/compare.html", "content", columns=columns)


@bp.post("/assessors")
@ministry_role_required(MINISTRY_ADMIN)
def assign_assessors():
    """Assign the chosen reviewers to every chosen nomination at once (ministry admin only)."""
    ids = sorted(set(int_args("ids", request.form)))
    nominations = db.session.scalars(select(Nomination).where(
        Nomination.id.in_(ids), Nomination.submitted_at.is_not(None)).order_by(Nomination.id)).all()
    reviewer_ids = sorted(set(int_args("reviewer_ids", request.form)))
    reviewers = db.session.scalars(select(User).where(User.id.in_(reviewer_ids))).all() if reviewer_ids else []
    if len(nominations) != len(ids) or len(reviewers) != len(reviewer_ids):
        abort(404)
    try:
        added = assessors.assign(nominations, reviewers, current_user)
    except assessors.AssignmentError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("%(n)s assignments made; the assessors were told.", n=added), "success")
    return redirect_after_post(url_for(".queue_page"))


@bp.post("/nominations/<int:nomination_id>/consensus")
@readers
def record_consensus(nomination_id: int):
    """The agreed score of diverging assessments, with reasons (their assessors only)."""
    nomination = _nomination(nomination_id)
    require_ministry_role(MINISTRY_REVIEWER)
    form = ConsensusForm()
    if not form.validate_on_submit():
        return _page(nomination, consensus_form=form)
    try:
        consensus.record_consensus(nomination, current_user, service.submitted_assessments(nomination),
                                   form.scores(), form.reasons.data or "")
    except ValueError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _page(db.session.get(Nomination, nomination_id), consensus_form=form)
    db.session.commit()
    flash(_("The agreed score was recorded."), "success")
    return redirect_after_post(_show_url(nomination) + "#consensus")
