"""A province's models: the filtered list, one model, create, update, status moves.

Through the models area's own query functions, form validators and service (create_model,
update_model, change_status): the API adds no rule of its own. Load (404 for another
province's model), check the role (403 for viewers), then the body, act, commit once.
"""
from __future__ import annotations

from flask import g, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from registry.accounts.permissions import editor_required, require_editor
from registry.api import conditions, paging, province_bp
from registry.api.errors import Problem, invalid
from registry.api.openapi import json_body, operation
from registry.api.schemas_models import (
    ModelCreate, ModelList, ModelOut, ModelQuery, ModelUpdate, SiteFiguresOut, StatusChange,
)
from registry.api.validation import check_with_form, required_messages
from registry.clock import today
from registry.extensions import db
from registry.movement.forms import ModelForm, StatusForm
from registry.movement.models import MovementModel
from registry.movement.queries import ListFilters, merge_candidates, page_of_models
from registry.movement.service import EDITABLE_FIELDS, MoveRefused, StaleVersion, change_status, create_model, update_model
from registry.page_cache import kept
from registry.figures.queries import SiteFigures, site_figures
from registry.tenants.scoping import get_owned_or_404

TAG = "Models"
MODEL_ID = {"model_id": "The model's id."}
REQUIRED = required_messages(ModelForm, ("name", "category", "target_setting"))


def model_out(model: MovementModel, figures: SiteFigures | None) -> ModelOut:
    figures = figures or SiteFigures()
    values = {field: getattr(model, field) for field in ModelOut.model_fields if hasattr(model, field)}
    return ModelOut(**values | {
        "origin_ward": model.origin_ward,
        "tags": [tag.strip() for tag in model.tags.split(",") if tag.strip()],
        "figures": SiteFiguresOut(live_sites=figures.live_sites, wards_reached=figures.wards_reached),
        "page": url_for("province.movement.show", province=g.province.slug, model_id=model.id, _external=True),
    })


def _answer(model: MovementModel, status: int = 200):
    headers = {"ETag": conditions.etag(model.version)}
    if status == 201:
        headers["Location"] = url_for(".get_model", model_id=model.id, _external=True)
    return model_out(model, site_figures([model.id]).get(model.id)), status, headers


@province_bp.get("/models")
@kept()
@operation("listModels", TAG, ok=ModelList, query=ModelQuery, paged=True)
def list_models():
    """The province's models, as the models page filters them; ``q`` ignores diacritics."""
    query: ModelQuery = g.api_query
    filters = ListFilters(q=query.q.strip(), category=query.category or "", setting=query.setting or "",
                          status=query.status or "", ward=query.ward, recognised=query.recognised or "",
                          overdue=query.overdue, sort=query.sort, page=query.page)
    rows, total = page_of_models(filters, today(), per_page=query.per_page)
    figures = site_figures([m.id for m in rows])
    return paging.answer(ModelList, query, total, [model_out(m, figures.get(m.id)) for m in rows])


@province_bp.get("/models/<int:model_id>")
@operation("getModel", TAG, ok=ModelOut, parameters=MODEL_ID)
def get_model(model_id: int):
    """One model; its ``ETag`` is the version to send back in ``If-Match``. 404 if not the province's."""
    return _answer(get_owned_or_404(MovementModel, model_id))


def _form_data(values: dict) -> dict:
    """What the model form holds for these values (tags as the officer types them)."""
    data = dict(values)
    if isinstance(data.get("tags"), list):
        data["tags"] = ", ".join(data["tags"])
    return data


def _checked(values: dict) -> ModelForm:
    form, errors = check_with_form(ModelForm, _form_data(values))
    if errors:
        raise invalid(errors)
    return form


@province_bp.post("/models")
@editor_required
@operation("createModel", TAG, ok=ModelOut, status=201, body=ModelCreate, required=REQUIRED)
def new_model():
    """Register a draft model, checked by the model form's own rules. 403 for viewers."""
    form = _checked(json_body().model_dump())
    model = create_model(g.province.id, form.model_data(), current_user.id)
    db.session.commit()
    return _answer(model, 201)


@province_bp.patch("/models/<int:model_id>")
@operation("updateModel", TAG, ok=ModelOut, body=ModelUpdate, errors=(412, 428), parameters=MODEL_ID)
def edit_model(model_id: int):
    """Change the fields sent, unless the model changed since the ``If-Match`` version (412).
    The whole result is checked as the edit form checks it."""
    model = get_owned_or_404(MovementModel, model_id)
    require_editor()
    based_on = conditions.expected_version(model.version)
    current = {field: getattr(model, field) for field in EDITABLE_FIELDS}
    form = _checked(current | json_body().model_dump(exclude_unset=True))
    try:
        update_model(model, form.model_data(), based_on)
        db.session.commit()
    except (StaleVersion, StaleDataError):
        db.session.rollback()
        raise conditions.stale(get_owned_or_404(MovementModel, model_id).version) from None
    return _answer(model)


@province_bp.post("/models/<int:model_id>/status")
@operation("changeModelStatus", TAG, ok=ModelOut, body=StatusChange, errors=(409, 412, 428), parameters=MODEL_ID)
def move_model(model_id: int):
    """Move the model: activate (draft), suspend, resume, end (with a reason). The moves and
    their rules are the model page's. 409 when the move is not allowed from the current status."""
    model = get_owned_or_404(MovementModel, model_id)
    require_editor()
    based_on = conditions.expected_version(model.version)
    change = json_body()

    def status_form(**kwargs):
        form = StatusForm(**kwargs)
        form.merged_into.choices = [("", "")] + merge_candidates(model) if change.reason == "merged" else []
        return form

    _form, errors = check_with_form(status_form, {"move": change.move, "reason": change.reason or "",
                                                  "reason_text": change.reason_text or "",
                                                  "merged_into": change.merged_into, "version": based_on})
    if errors:
        raise invalid(errors)
    merged = get_owned_or_404(MovementModel, change.merged_into) if change.reason == "merged" else None
    try:
        change_status(model, change.move, based_on, reason=change.reason, reason_text=change.reason_text,
                      merged_into=merged)
        db.session.commit()
    except MoveRefused:
        db.session.rollback()
        raise Problem(409, _l("This status change is not allowed."), code="move_not_allowed") from None
    except (StaleVersion, StaleDataError):
        db.session.rollback()
        raise conditions.stale(get_owned_or_404(MovementModel, model_id).version) from None
    return _answer(model)
