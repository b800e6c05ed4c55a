"""The national lessons view (any signed-in user) and a province's withholding of its notes."""
from __future__ import annotations

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from registry.accounts.permissions import require_editor
from registry.audit.service import record
from registry.catalogue.routes import signed_in_national
from registry.core.formatting import translated
from registry.extensions import db
from registry.lessons import bp, province_bp
from registry.lessons.queries import lessons
from registry.movement.models import CATEGORIES, END_REASONS, ENDED, SETTINGS, MovementModel
from registry.tenants.models import Province
from registry.tenants.scoping import get_owned_or_404
from registry.web import redirect_after_post, render_page


@bp.get("/")
@signed_in_national
def index():
    """Ended models of every province with why they ended and their last findings; filterable
    like the catalogue (name without diacritics, category, setting, end reason, province)."""
    q, category, setting, reason, slug = (request.args.get(k, "")[:100]
                                          for k in ("q", "category", "setting", "reason", "province"))
    provinces = db.session.scalars(db.select(Province).order_by(Province.name)).all()
    chosen = next((p for p in provinces if p.slug == slug), None)
    rows = lessons(q, category, setting, reason, chosen.id if chosen else None)
    own = {m.province_id for m in current_user.memberships if m.can_edit}
    return render_page("lessons/index.html", "results", rows=rows, q=q, category=category, setting=setting,
                       reason=reason, province=slug, provinces=provinces, categories=translated(CATEGORIES),
                       settings=translated(SETTINGS), reasons=translated(END_REASONS), own=own)


@province_bp.post("/models/<int:model_id>/lesson-notes")
def withhold_notes(model_id: int):
    """Withhold (or share again) an ended model's notes in the national lessons (editors of the
    model's province; 404 for another province, 403 for viewers)."""
    model = get_owned_or_404(MovementModel, model_id)
    require_editor()
    if model.status != ENDED:  # only an ended model is a lesson
        abort(404)
    withheld = request.form.get("withheld") == "yes"
    if model.lesson_notes_withheld != withheld:
        record("model.lesson_notes", model, {"lesson_notes_withheld": [model.lesson_notes_withheld, withheld]},
               actor_id=current_user.id)
        model.lesson_notes_withheld = withheld
    db.session.commit()
    flash(_("The notes are withheld from the national lessons.") if withheld
          else _("The notes are shown in the national lessons."), "success")
    return redirect_after_post(url_for("lessons.index", _anchor=f"lesson-{model.id}"))
