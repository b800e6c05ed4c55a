"""Province pages of nominations. Every lookup goes through the province's scope (404 otherwise)."""
from __future__ import annotations

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from registry.accounts.permissions import require_editor, require_province_admin
from registry.extensions import db
from registry.movement.models import Attachment, MovementModel
from registry.nominations import attachments, bp, rounds, service
from registry.nominations.confirm import confirm_page, confirmed
from registry.nominations.eligibility import eligibility, model_eligibility
from registry.nominations.forms import AttachmentForm, CommentForm, StatementForm, WithdrawForm
from registry.nominations.models import NOMINATION_STATUSES, Dossier, Nomination, NominationRound
from registry.tenants.scoping import get_owned_or_404
from registry.web import int_arg, redirect_after_post, render_page


def _show_url(nomination: Nomination) -> str:
    return url_for("province.nominations.show", nomination_id=nomination.id)


def _page(nomination: Nomination, **forms):
    """The nomination page, with the forms given (those that failed validation keep their input)."""
    return render_page(
        "nominations/show.html", "content", nomination=nomination, model=nomination.model,
        missing=eligibility(nomination.model, nomination.statement, _show_url(nomination), round_=nomination.round)
        if nomination.status in service.EDITABLE else [],
        files=_attachments(nomination), statuses=NOMINATION_STATUSES,
        statement_form=forms.get("statement_form") or StatementForm(statement=nomination.statement),
        attachment_form=forms.get("attachment_form") or AttachmentForm(),
        comment_form=forms.get("comment_form") or CommentForm(), withdraw_form=WithdrawForm(),
    )


def _attachments(nomination: Nomination) -> list[Attachment]:
    return db.session.scalars(
        select(Attachment).where(Attachment.nomination_id == nomination.id).order_by(Attachment.id)
    ).all()


def _done(nomination: Nomination, action, message: str):
    """Run a service ``action``; commit and say ``message``, or show the refusal on the page."""
    try:
        action()
    except service.NominationError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(message, "success")
    return redirect_after_post(_show_url(nomination))


@bp.get("/nominations/")
def index():
    """The province's nominations, newest first, optionally of one state."""
    state = request.args.get("state", "")
    statement = select(Nomination).join(Nomination.model).order_by(Nomination.created_at.desc(), Nomination.id.desc())
    if state in NOMINATION_STATUSES:
        statement = statement.where(Nomination.status == state)
    nominations = db.session.scalars(statement).all()
    return render_page("nominations/index.html", "results", nominations=nominations, state=state,
                       statuses=NOMINATION_STATUSES)


@bp.get("/models/<int:model_id>/nominations")
def model_panel(model_id: int):
    """The model page's panel of its nominations, with the rounds open and what the model still
    lacks to be nominated; 404 for another province's model."""
    model = get_owned_or_404(MovementModel, model_id)
    nominations = db.session.scalars(
        select(Nomination).where(Nomination.model_id == model.id).order_by(Nomination.id.desc())
    ).all()
    open_now = rounds.open_rounds()
    return render_page("nominations/model_panel.html", "panel", model=model, nominations=nominations,
                       open_nomination=next((n for n in nominations if n.is_open), None), open_rounds=open_now,
                       missing=model_eligibility(model, open_now[0]) if open_now else [])


@bp.post("/models/<int:model_id>/nominations")
def create(model_id: int):
    """Open a draft nomination of the model in an open round (editors; 403 for viewers, 404 for
    another province); refused, with each unmet rule, if the model is not eligible."""
    model = get_owned_or_404(MovementModel, model_id)
    require_editor()
    round_id = int_arg("round_id", args=request.form)
    round_ = db.session.get(NominationRound, round_id) if round_id else None
    if round_id and round_ is None:
        abort(404)
    try:
        nomination = service.create(model, current_user, round_=round_)
    except service.NominationError as error:
        db.session.rollback()
        flash(str(error), "error")
        existing = service.open_nomination_of(model.id)
        return redirect_after_post(_show_url(existing) if existing else
                                   url_for(".model_panel", model_id=model.id))
    db.session.commit()
    flash(_("A draft nomination was opened. Write the statement, then ask your admin to submit it."), "success")
    return redirect_after_post(_show_url(nomination))


@bp.get("/nominations/<int:nomination_id>")
def show(nomination_id: int):
    """A nomination: statement, files, eligibility, state, history, thread, dossiers (404 if not ours)."""
    return _page(get_owned_or_404(Nomination, nomination_id))


@bp.post("/nominations/<int:nomination_id>/statement")
def save_statement(nomination_id: int):
    """Save the statement (editors; only in a draft or after a return)."""
    nomination = get_owned_or_404(Nomination, nomination_id)
    require_editor()
    form = StatementForm()
    if not form.validate_on_submit():
        return _page(nomination, statement_form=form)
    return _done(nomination, lambda: service.update_statement(nomination, form.statement.data or "", current_user),
                 _("The statement was saved."))


@bp.route("/nominations/<int:nomination_id>/submit", methods=["GET", "POST"])
def submit(nomination_id: int):
    """Freeze a dossier and send it to the ministry, after a confirmation (provincial admins
    only; 403 for officers)."""
    nomination = get_owned_or_404(Nomination, nomination_id)
    require_province_admin()
    if request.method == "GET" or not confirmed():
        return confirm_page(
            _("Send the nomination of “%(model)s” to the Ministry?", model=nomination.model.name),
            [_("The dossier is frozen: the model, its sites, reviews and figures as they stand now."),
             _("The statement and the files can no longer be changed unless the Ministry returns the nomination.")],
            url_for(".submit", nomination_id=nomination.id), _("Yes, send to the Ministry"), _show_url(nomination))
    return _done(nomination, lambda: service.submit(nomination, current_user, _show_url(nomination)),
                 _("The nomination was submitted to the Ministry."))


@bp.post("/nominations/<int:nomination_id>/withdraw")
def withdraw(nomination_id: int):
    """Withdraw before a decision, after a confirmation (provincial admins only)."""
    nomination = get_owned_or_404(Nomination, nomination_id)
    require_province_admin()
    form = WithdrawForm()
    if not confirmed():
        return confirm_page(
            _("Withdraw the nomination of “%(model)s”?", model=nomination.model.name),
            [_("The nomination is closed for good; a new one can be opened later.")],
            url_for(".withdraw", nomination_id=nomination.id), _("Yes, withdraw"), _show_url(nomination),
            comment=form.comment.data or "")
    return _done(nomination, lambda: service.withdraw(nomination, current_user, form.comment.data or ""),
                 _("The nomination was withdrawn."))


@bp.post("/nominations/<int:nomination_id>/attachments")
def upload(nomination_id: int):
    """Attach a supporting file (editors; draft or returned only; content checked)."""
    nomination = get_owned_or_404(Nomination, nomination_id)
    require_editor()
    form = AttachmentForm()
    if not form.validate_on_submit():
        return _page(nomination, attachment_form=form)
    return _done(nomination, lambda: attachments.store(nomination, form.file.data, current_user.id),
                 _("The file was attached."))


@bp.get("/nominations/<int:nomination_id>/attachments/<int:attachment_id>")
def download(nomination_id: int, attachment_id: int):
    """Download a supporting file; 404 for another province's nomination or file."""
    nomination = get_owned_or_404(Nomination, nomination_id)
    attachment = db.session.scalar(select(Attachment).where(
        Attachment.id == attachment_id, Attachment.nomination_id == nomination.id))
    if attachment is None:
        abort(404)
    return attachments.send(attachment)


@bp.post("/nominations/<int:nomination_id>/comments")
def comment(nomination_id: int):
    """Add to the thread with the ministry (editors)."""
    nomination = get_owned_or_404(Nomination, nomination_id)
    require_editor()
    form = CommentForm()
    if not form.validate_on_submit():
        return _page(nomination, comment_form=form)
    return _done(nomination, lambda: service.add_comment(nomination, current_user, form.body.data, False),
                 _("Your comment was added."))


@bp.get("/nominations/<int:nomination_id>/dossiers/<int:dossier_id>")
def dossier(nomination_id: int, dossier_id: int):
    """One frozen dossier of the nomination, printable; 404 if not ours."""
    nomination = get_owned_or_404(Nomination, nomination_id)
    frozen = db.session.scalar(select(Dossier).where(Dossier.id == dossier_id, Dossier.nomination_id == nomination.id))
    if frozen is None:
        abort(404)
    return render_page("nominations/dossier.html", "content", nomination=nomination, dossier=frozen,
                       snapshot=frozen.snapshot)
