"""Security headers on every response, in one after-request hook.

A small hook rather than Flask-Talisman: what we need differs by response (downloads get a
sandbox and no caching, signed-in pages no caching, HSTS only where the site is on a network),
Talisman's last release is from 2023 and would also take over cookie flags and HTTPS redirects
that the configuration and the proxy already own. ``tests/foundation/test_security_headers.py``
checks the set on every kind of page.

- ``Content-Security-Policy``: our own files only; no inline script or style, no ``eval``
  (htmx is configured for it in ``base.html``: no indicator styles, no ``hx-on``); nothing may
  frame the pages (``frame-ancestors 'none'``, and ``X-Frame-Options: DENY`` for old browsers);
  forms post only to us.
- ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: same-origin``, a restrictive
  ``Permissions-Policy``; ``Strict-Transport-Security`` in pilot and production.
- ``Cache-Control: no-store`` on every page that is not a static file: pages are personal.
- downloads (``Content-Disposition: attachment``): a sandbox CSP, a content type from the list
  of accepted files (else ``application/octet-stream``), no caching.
- ``Server``: the development server would name Werkzeug's and Python's versions; gunicorn
  sends ``Server: gunicorn``, without a version.
"""
from __future__ import annotations

from flask import current_app, request

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
DOWNLOAD_CSP = "default-src 'none'; sandbox"
PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
HSTS = "max-age=31536000; includeSubDomains"
# What a download may be served as: the accepted attachments and the exports.
DOWNLOAD_TYPES = {
    "application/pdf", "image/jpeg", "image/png", "image/webp", "text/csv",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet",
}


def _is_download(response) -> bool:
    return response.headers.get("Content-Disposition", "").lower().startswith("attachment")


def add_headers(response):
    headers = response.headers
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "same-origin"
    headers["Permissions-Policy"] = PERMISSIONS
    if current_app.config.get("HSTS"):
        headers["Strict-Transport-Security"] = HSTS
    if request.environ.get("SERVER_SOFTWARE", "").startswith("Werkzeug"):
        headers["Server"] = "registry"
    if _is_download(response):
        headers["Content-Security-Policy"] = DOWNLOAD_CSP
        headers["Cache-Control"] = "private, no-store"
        if response.mimetype not in DOWNLOAD_TYPES:
            response.mimetype = "application/octet-stream"
        return response
    # A view may only set a policy of its own on a development page (the mailbox shows mails'
    # inline styles); everything else gets the one policy.
    if "Content-Security-Policy" not in headers or not current_app.config.get("SHOW_DEV_MAILBOX"):
        headers["Content-Security-Policy"] = CSP
    if request.endpoint != "static":
        headers["Cache-Control"] = "no-store"
    return response


def init_app(app) -> None:
    app.after_request(add_headers)
