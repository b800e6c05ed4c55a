"""One model: create, the model page (the hub other areas plug panels into), edit, status moves."""
from __future__ import annotations

from flask import flash, g, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from registry.accounts.permissions import editor_required, require_editor
from registry.extensions import db
from registry.movement import bp
from registry.movement.attachments import max_bytes
from registry.movement.forms import ATTACHMENT_KINDS, AttachmentForm, ModelForm, StatusForm
from registry.movement.history import changes_since, model_history, show_value
from registry.movement.models import Attachment, MovementModel
from registry.movement.queries import merge_candidates
from registry.movement.service import (
    EDITABLE_FIELDS, FIELD_LABELS, MoveRefused, StaleVersion, allowed_moves, change_status, create_model, update_model,
)
from registry.page_cache import kept
from registry.replication.ward_picker import say_mapped
from registry.figures import queries as figures
from registry.figures import rules
from registry.clock import today
from registry.tenants.scoping import get_owned_or_404
from registry.web import redirect_after_post, render_page, wants_fragment


def _form_page(form: ModelForm, model: MovementModel | None = None, conflict=None):
    return render_page("movement/form.html", "form", form=form, model=model, conflict=conflict)


@bp.get("/new")
@editor_required
def new():
    """The new-model form (403 for viewers)."""
    return _form_page(ModelForm())


@bp.post("/new")
@editor_required
def create():
    """Register a draft model; errors come back next to their fields (403 for viewers)."""
    form = ModelForm()
    if not form.validate_on_submit():
        return _form_page(form)
    model = create_model(g.province.id, form.model_data(), current_user.id)
    db.session.commit()
    flash(_("The model “%(name)s” was registered as a draft.", name=model.name), "success")
    say_mapped(form)
    return redirect_after_post(url_for(".show", model_id=model.id))


def _tiles_context(model: MovementModel) -> dict:
    """What the model page's tiles show: live sites, wards reached, the next review."""
    day = today()
    return dict(model=model, figures=figures.site_figures([model.id]).get(model.id, figures.SiteFigures()),
                overdue_days=rules.days_overdue(model, day), today=day)


def model_page_context(model: MovementModel, status_form: StatusForm | None = None) -> dict:
    """What the model page shows; the status and attachment blocks re-render from it.

    The models it could be merged into (thousands in a large province) are listed only once
    the form to end it is opened (``end_form``) or comes back with an error.
    """
    attachments = db.session.scalars(
        select(Attachment).where(Attachment.model_id == model.id, Attachment.review_id.is_(None),
                                 Attachment.nomination_id.is_(None)).order_by(Attachment.uploaded_at.desc())
    ).all()
    return dict(
        **_tiles_context(model), moves=allowed_moves(model),
        status_form=status_form or StatusForm(formdata=None, version=model.version), attachment_form=AttachmentForm(),
        attachments=attachments,
        history=model_history(model.id), can_edit=g.membership.can_edit, show_value=show_value,
        attachment_kinds=ATTACHMENT_KINDS, max_upload_mb=round(max_bytes() / 1024 / 1024),
        merged_into=db.session.scalar(select(MovementModel).where(MovementModel.id == model.merged_into_id))
        if model.merged_into_id else None,
    )


def _status_form(model: MovementModel, form: StatusForm | None = None) -> StatusForm:
    form = form or StatusForm(formdata=None, version=model.version)
    form.merged_into.choices = [("", _("Choose a model"))] + merge_candidates(model)
    return form


@bp.get("/<int:model_id>")
@kept()
def show(model_id: int):
    """The model page: details, figures, panels of other areas, files, history. 404 if not ours."""
    model = get_owned_or_404(MovementModel, model_id)
    return render_page("movement/show.html", "content", **model_page_context(model))


@bp.get("/<int:model_id>/tiles")
@kept()
def tiles(model_id: int):
    """The model page's tiles, for htmx to reload when a panel changed them (the whole page
    when opened directly). 404 if not ours."""
    model = get_owned_or_404(MovementModel, model_id)
    context = _tiles_context(model) if wants_fragment() else model_page_context(model)
    return render_page("movement/show.html", "tiles", **context)


@bp.get("/<int:model_id>/end")
def end_form(model_id: int):
    """The model page with the form to end it open, listing the models it may be merged into
    (htmx swaps the status panel only). 404 if not ours, 403 for viewers."""
    model = get_owned_or_404(MovementModel, model_id)
    require_editor()
    return render_page("movement/show.html", "status", **model_page_context(model, _status_form(model)))


@bp.get("/<int:model_id>/edit")
def edit(model_id: int):
    """The edit form with the version it is based on (404 if not ours, 403 for viewers)."""
    model = get_owned_or_404(MovementModel, model_id)
    require_editor()
    return _form_page(ModelForm(obj=model), model)


@bp.post("/<int:model_id>/edit")
def update(model_id: int):
    """Save the form unless someone saved in between: then show what they changed (404/403 as edit)."""
    model = get_owned_or_404(MovementModel, model_id)
    require_editor()
    form = ModelForm()
    if not form.validate_on_submit():
        return _form_page(form, model)
    try:
        update_model(model, form.model_data(), form.based_on())
        db.session.commit()
    except (StaleVersion, StaleDataError):
        return _conflict(model_id, form)
    flash(_("Your changes were saved."), "success")
    say_mapped(form)
    return redirect_after_post(url_for(".show", model_id=model.id))


def _conflict(model_id: int, form: ModelForm):
    """Refuse the save and show what was saved since the form's version; keep what was typed."""
    db.session.rollback()
    model = get_owned_or_404(MovementModel, model_id)
    changed, who = changes_since(model.id, form.based_on())
    rows = [(str(FIELD_LABELS.get(field, field)), show_value(field, pair[0]), show_value(field, pair[1]))
            for field, pair in changed.items() if field in FIELD_LABELS]
    form.version.data = model.version
    return _form_page(form, model, conflict={"rows": rows, "who": who, "fields": set(changed) & set(EDITABLE_FIELDS)})


@bp.post("/<int:model_id>/status")
def move_status(model_id: int):
    """Apply one allowed status move; ending asks for a reason. 404 if not ours, 403 for viewers."""
    model = get_owned_or_404(MovementModel, model_id)
    require_editor()
    form = _status_form(model, StatusForm())
    if not form.validate_on_submit():
        return render_page("movement/show.html", "status", **model_page_context(model, form))
    merged = get_owned_or_404(MovementModel, form.merged_into.data) if form.reason.data == "merged" else None
    try:
        change_status(model, form.move.data, form.based_on(), reason=form.reason.data or None,
                      reason_text=form.reason_text.data, merged_into=merged)
        db.session.commit()
    except MoveRefused:
        db.session.rollback()
        flash(_("This status change is not allowed."), "error")
    except (StaleVersion, StaleDataError):
        db.session.rollback()
        flash(_("Someone changed this model meanwhile. Check its current state and try again."), "error")
    return redirect_after_post(url_for(".show", model_id=model_id))
