"""How a page's account action ends, on the members page and in the ministry's account pages."""
from __future__ import annotations

from flask import flash

from registry.accounts.service import AccountError
from registry.extensions import db
from registry.web import redirect_after_post


def carry_out(action, done: str, back: str):
    """Run ``action()``; commit once and say ``done``, or roll back and say why it was refused;
    then back to ``back``."""
    try:
        action()
    except AccountError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(done, "success")
    return redirect_after_post(back)
