"""The security headers on every kind of answer (registry.core.security), and templates that
need no inline script for them to hold."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from registry.extensions import db
from tests.factories import make_model
from tests.movement.factories import create_attachment

TEMPLATES = Path(__file__).parents[2] / "registry" / "templates"
EVERY_ANSWER = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin"}


def _check(response, download: bool = False) -> None:
    for name, value in EVERY_ANSWER.items():
        assert response.headers.get(name) == value, (name, response.status_code)
    policy = response.headers["Content-Security-Policy"]
    if download:
        assert policy == "default-src 'none'; sandbox"
        assert response.headers["Cache-Control"] == "private, no-store"
        assert response.headers["Content-Disposition"].startswith("attachment")
    else:
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe" not in policy
        assert response.headers["Cache-Control"] == "no-store"
    assert "Werkzeug" not in response.headers.get("Server", "") and "Python" not in response.headers.get("Server", "")


def test_every_kind_of_answer_carries_the_headers(app, client, login_as):
    _check(client.get("/login"))  # the sign-in page, anonymous
    _check(client.get("/no-such-page"))  # an error page
    login_as("officer")
    with app.app_context():
        model = make_model("quang-tri")
        attachment = create_attachment(model)
        db.session.commit()
        model_id, attachment_id = model.id, attachment.id
    _check(client.get("/p/quang-tri/models/"))  # a full page
    _check(client.get("/p/quang-tri/models/", headers={"HX-Request": "true", "HX-Target": "results"}))  # a fragment
    _check(client.get(f"/p/quang-tri/models/{model_id}/attachments/{attachment_id}"), download=True)
    _check(client.get("/p/quang-tri/sites/import-template?format=csv"), download=True)
    _check(client.get("/p/quang-tri/models/999999"))  # 404 while signed in
    static = client.get("/static/js/app.js")
    assert static.headers["X-Content-Type-Options"] == "nosniff" and static.headers.get("Cache-Control") != "no-store"


def test_a_download_of_an_unexpected_type_is_sent_as_bytes(app, client, login_as):
    login_as("officer")
    with app.app_context():
        model = make_model("quang-tri")
        attachment = create_attachment(model, filename="trang.html", data=b"<script>alert(1)</script>")
        attachment.content_type = "text/html"
        db.session.commit()
        url = f"/p/quang-tri/models/{model.id}/attachments/{attachment.id}"
    response = client.get(url)
    assert response.mimetype == "application/octet-stream"
    _check(response, download=True)


def test_hsts_where_the_site_is_on_a_network(app, client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    app.config["HSTS"] = True
    try:
        assert client.get("/login").headers["Strict-Transport-Security"].startswith("max-age=31536000")
    finally:
        app.config["HSTS"] = False


@pytest.mark.parametrize("path", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_needs_an_inline_script_or_handler(path):
    text = path.read_text()
    if "/mail/" in str(path):  # mails are not pages: no policy applies to them
        return
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline <script>"
    assert not re.search(r"\son[a-z]+\s*=", text), "an on… handler attribute"
    assert "hx-on" not in text and "javascript:" not in text
    assert not re.search(r"\sstyle\s*=", text), "an inline style (style-src 'self')"
