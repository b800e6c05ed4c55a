"""The sites panel of a model page: list, figures, and inline add, edit, pause, resume, end.

Every route answers 404 for a model or site of another province (the tenant blueprint and
``get_owned_or_404``) and 404 for a site that is not of the model in the URL; changes need
an editing role (403 for viewers).
"""
from __future__ import annotations

import re

from flask import abort, flash, g, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from registry.accounts.models import EDITING_ROLES
from registry.accounts.permissions import require_editor
from registry.core.formatting import translated
from registry.extensions import db
from registry.figures import queries as figures
from registry.movement.models import SETTINGS, MovementModel
from registry.page_cache import kept
from registry.replication import bp, queries, service, ward_picker
from registry.replication.forms import SiteForm
from registry.replication.models import SITE_STATUSES, ReplicationSite
from registry.clock import today
from registry.tenants.scoping import get_owned_or_404
from registry.web import figures_changed, int_arg, redirect_after_post, render_page, wants_fragment

PANEL = "replication/model_sites.html"
PANEL_PAGE = 20  # sites per page of the panel: a model may run in hundreds of places, and a phone shows each as a card
_FIELD_NAME = re.compile(r"^[a-z_]{1,40}$")


def model_url(model: MovementModel) -> str:
    return url_for("province.movement.show", model_id=model.id)


def _site_of(model: MovementModel, site_id: int) -> ReplicationSite:
    site = get_owned_or_404(ReplicationSite, site_id)
    if site.model_id != model.id:
        abort(404)
    return site


def _panel(model: MovementModel, form: SiteForm | None = None, **extra):
    """The panel (fragment for htmx, full page otherwise) with figures and one page of the sites
    (``page`` in the URL); a site being edited is shown whichever page it is on."""
    can_edit = g.membership.role in EDITING_ROLES
    if form is None and can_edit and service.accepts_sites(model):
        form = SiteForm(formdata=None)
    statement = queries.sites_statement(g.province.id, model_id=model.id)
    total = queries.count_rows(statement)
    pages = max(1, -(-total // PANEL_PAGE))
    page = min(max(1, int_arg("page", 1) or 1), pages)
    rows = db.session.execute(statement.limit(PANEL_PAGE).offset((page - 1) * PANEL_PAGE)).all()
    editing = extra.get("editing")
    if editing and all(site.id != editing for site, _ward, _model in rows):  # the edited site, wherever it is
        rows.insert(0, db.session.execute(statement.where(ReplicationSite.id == editing)).one())
    context = dict(
        model=model, model_url=model_url(model), rows=rows, total=total, page=page, pages=pages, form=form,
        can_edit=can_edit, figures=figures.site_figures([model.id]).get(model.id, figures.SiteFigures()),
        coverage=figures.coverage(g.province.id), statuses=translated(SITE_STATUSES),
        settings=translated(SETTINGS), moves=translated(service.MOVE_LABELS), allowed_moves=service.allowed_moves,
        editing=None, edit_form=None, conflict=None,
        today_iso=today().isoformat(),
    )
    return render_page(PANEL, "panel", **{**context, **extra})


def _done(model: MovementModel):
    """After a successful change: the fresh panel for htmx (telling the page that its figures
    changed), a redirect otherwise."""
    if wants_fragment():
        return figures_changed(_panel(model))
    return redirect_after_post(url_for(".model_sites", model_id=model.id))


@bp.get("/models/<int:model_id>/sites")
@kept()
def model_sites(model_id: int):
    """The model's sites with figures; lazy-loaded by the model page. 404 for another province's model."""
    return _panel(get_owned_or_404(MovementModel, model_id))


@bp.post("/models/<int:model_id>/sites")
def add_site(model_id: int):
    """Add a site; the panel comes back with the errors next to the fields. 403 for viewers."""
    model = get_owned_or_404(MovementModel, model_id)
    require_editor()
    if not service.accepts_sites(model):
        abort(409)
    form = SiteForm()
    if not form.validate_on_submit():
        return _panel(model, form=form)
    service.add_site(model, form.values())
    db.session.commit()
    flash(_("The site was added."), "success")
    ward_picker.say_mapped(form)
    return _done(model)


@bp.get("/models/<int:model_id>/sites/<int:site_id>/edit")
def edit_site(model_id: int, site_id: int):
    """The panel with one site's row turned into a form. 403 for viewers."""
    model = get_owned_or_404(MovementModel, model_id)
    site = _site_of(model, site_id)
    require_editor()
    data = {field: getattr(site, field) for field in service.EDITABLE if field != "ward_id"}
    form = SiteForm(formdata=None, data={**data, "ward": site.ward, "version": site.version})
    return _panel(model, editing=site.id, edit_form=form)


@bp.post("/models/<int:model_id>/sites/<int:site_id>")
def update_site(model_id: int, site_id: int):
    """Save a site; a save based on an old version is refused and shows the current values."""
    model = get_owned_or_404(MovementModel, model_id)
    site = _site_of(model, site_id)
    require_editor()
    form = SiteForm()
    if not form.validate_on_submit():
        return _panel(model, editing=site.id, edit_form=form)
    try:
        service.update_site(site, form.values(), form.submitted_version())
        db.session.commit()
    except (service.SiteConflict, StaleDataError):
        db.session.rollback()
        site = _site_of(model, site_id)
        form.version.data = site.version
        return _panel(model, editing=site.id, edit_form=form, conflict=site)
    flash(_("The site was saved."), "success")
    ward_picker.say_mapped(form)
    return _done(model)


@bp.post("/models/<int:model_id>/sites/<int:site_id>/status")
def move_site(model_id: int, site_id: int):
    """Pause, resume or end a site (form field ``action``). 409 for a move not allowed now."""
    model = get_owned_or_404(MovementModel, model_id)
    site = _site_of(model, site_id)
    require_editor()
    # The panel's buttons share one form per table: the site's version comes in its button's address.
    version = request.form.get("version", type=int) or request.args.get("version", type=int)
    try:
        service.move_site(site, request.form.get("action", ""), version)
        db.session.commit()
    except service.MoveRefused:
        abort(409)
    except (service.SiteConflict, StaleDataError):
        db.session.rollback()
        flash(_("Someone else changed this site meanwhile; check it and try again."), "error")
    return _done(model)


@bp.get("/ward-options")
def ward_options():
    """The ward picker's type-ahead (every form and filter of the province): ``<li role=option>``
    items for ``<field>_q`` (``field`` names the picker), today's names and former ones."""
    field = request.args.get("field", "ward")
    if not _FIELD_NAME.match(field):
        abort(404)
    text = (request.args.get(f"{field}_q") or request.args.get("q") or "")[:100]
    found, total = ward_picker.options(g.province, text)
    return render_template("_ward_options.html", field=field, options=found, total=total, text=text,
                           formerly=ward_picker.formerly, mapped=ward_picker.mapped, value=request.args.get("value", "id"))
