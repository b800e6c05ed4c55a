"""The reference page: Swagger UI from our own files (the npm package copied by make assets),
started from a file of ours, without any inline script or file from another site."""
from __future__ import annotations

import re

from registry.api.openapi import document


def test_the_reference_page_loads_only_our_own_scripts_and_styles(app, client, login_as):
    login_as("officer", "quang-tri")
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page.text, re.S)
    assert scripts and all('src="/static/' in attributes and not body.strip() for attributes, body in scripts)
    assert "<style" not in page.text and " style=" not in page.text and not re.search(r"\son[a-z]+=", page.text)
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text)
    assert {"/static/vendor/swagger-ui/swagger-ui-bundle.js", "/static/vendor/swagger-ui/swagger-ui.css",
            "/static/js/api-docs.js"} <= set(assets)
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
    assert 'data-spec-url="/api/v1/openapi.json"' in page.text


def test_the_account_page_links_to_the_tokens_page_and_that_to_the_reference(client, login_as):
    login_as("viewer", "quang-tri")
    assert 'href="/account/tokens"' in client.get("/account").text
    assert 'href="/api/v1/docs"' in client.get("/account/tokens").text


def test_every_operation_says_what_it_does(app):
    with app.test_request_context("/api/v1/openapi.json"):
        operations = [op for path in document()["paths"].values() for op in path.values()]
    assert all(op["summary"] and not op["summary"].endswith(">") for op in operations)
    assert all(op.get("tags") for op in operations)
