"""Confirmation of a step that locks or cannot be undone (submit, withdraw, decide), without any
script: the first post answers a page that posts the same fields again with ``confirmed``."""
from __future__ import annotations

from flask import request

from registry.web import render_page


def confirmed() -> bool:
    """The second post, from ``nominations/confirm.html``."""
    return request.form.get("confirmed") == "yes"


def confirm_page(heading: str, consequences: list[str], action: str, button: str, back: str, **fields):
    """Ask once more before the step: what it does, the same fields hidden, confirm or cancel."""
    return render_page("nominations/confirm.html", "content", heading=heading, consequences=consequences,
                       action=action, fields=fields, button=button, back=back)
