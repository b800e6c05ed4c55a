"""The API's own resources: its index, the caller, the OpenAPI document, the reference page."""
from __future__ import annotations

from flask import current_app, g, render_template, url_for
from flask_login import current_user, login_required

from registry.api import bp
from registry.api.openapi import TITLE, document, operation
from registry.api.schemas import IndexOut, MeOut, MembershipOut, TokenOut

TAG = "API"


@bp.get("/")
@operation("getIndex", TAG, ok=IndexOut, errors=(404,))
def index():
    """Where things are: the OpenAPI document, the reference page, the caller."""
    return IndexOut(name=TITLE, version="1", openapi=url_for(".openapi", _external=True),
                    docs=url_for(".docs", _external=True), me=url_for(".me", _external=True))


@bp.get("/me")
@operation("getMe", TAG, ok=MeOut, errors=(404,))
def me():
    """The token's user, the provinces and roles it acts with, and the token itself."""
    memberships = [MembershipOut(province=m.province.slug, province_name=m.province.name, role=m.role)
                   for m in sorted(current_user.memberships, key=lambda m: m.province.slug)]
    token = g.api_token
    return MeOut(id=current_user.id, email=current_user.email, name=current_user.name,
                 ministry_role=current_user.ministry_role, memberships=memberships,
                 token=TokenOut(name=token.name, scope=token.scope, expires_at=token.expires_at))


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 document (a token, or a signed-in session)."""
    return current_app.json.response(document())


@bp.get("/docs")
@login_required
def docs():
    """The reference page (Swagger UI, served from our own files): for signed-in people."""
    return render_template("api/docs.html", spec_url=url_for(".openapi"))
