"""The national catalogue (any signed-in user) and adoption into one's own province."""
from __future__ import annotations

from functools import wraps

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from registry.catalogue import bp
from registry.catalogue.forms import AdoptForm
from registry.catalogue.queries import adoptions, entries, recognised, recognised_version, rollups
from registry.catalogue.service import AdoptionError, adopt
from registry.core.formatting import translated
from registry.extensions import db
from registry.movement.models import CATEGORIES, SETTINGS, MovementModel
from registry.page_cache import NATIONAL, kept
from registry.tenants.scoping import national_scope
from registry.web import redirect_after_post, render_page


def signed_in_national(view):
    """Sign-in required; the catalogue then reads across provinces on purpose."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        with national_scope():
            return view(*args, **kwargs)

    return wrapped


def _editing_memberships():
    return [m for m in current_user.memberships if m.can_edit]


def _entry_or_404(model_id: int):
    row = db.session.execute(recognised().where(MovementModel.id == model_id)).first()
    if row is None:
        abort(404)
    return row


@bp.get("/")
@signed_in_national
@kept(NATIONAL)
def index():
    """Recognised models with their origin and national roll-up; search ignores diacritics."""
    q, category, setting = (request.args.get(k, "")[:100] for k in ("q", "category", "setting"))
    rows = entries(q, category, setting)
    return render_page("catalogue/index.html", "results", rows=rows, figures=rollups([m.id for m, _p in rows]),
                       q=q, category=category, setting=setting, categories=translated(CATEGORIES),
                       settings=translated(SETTINGS))


@bp.get("/<int:model_id>")
@signed_in_national
def entry(model_id: int):
    """One recognised model, where it was adopted, and the adoption form; 404 if not recognised."""
    model, province = _entry_or_404(model_id)
    return _entry_page(model, province, AdoptForm(_editing_memberships()))


def _entry_page(model, province, form):
    """The recognised version (the approved dossier's text) unless ``?version=current`` asks for
    the province's current text, which the page notes when it has changed since."""
    version = recognised_version(model)
    current = request.args.get("version") == "current" or version is None
    return render_page("catalogue/entry.html", "content", model=model, province=province,
                       figures=rollups([model.id])[model.id], adoptions=adoptions(model.id), form=form,
                       recognised=version, showing_current=current, text=model if current else version.model)


@bp.post("/<int:model_id>/adopt")
@signed_in_national
def adopt_model(model_id: int):
    """A linked draft copy in one of the user's provinces where they may edit (403 otherwise)."""
    model, province = _entry_or_404(model_id)
    memberships = _editing_memberships()
    form = AdoptForm(memberships)
    if not memberships:
        abort(403)
    if not form.validate_on_submit():
        return _entry_page(model, province, form)
    membership = next(m for m in memberships if m.province_id == form.province.data)
    try:
        copy = adopt(model, membership.province, current_user)
    except AdoptionError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".entry", model_id=model.id))
    db.session.commit()
    flash(_("A draft copy was created in %(province)s. Complete it and launch it.", province=membership.province.name),
          "success")
    return redirect_after_post(url_for("province.movement.show", province=membership.province.slug, model_id=copy.id))

