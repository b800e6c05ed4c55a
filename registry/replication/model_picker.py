"""The sites list's model filter: a type-ahead over the province's models (a large province has
more than 5,000: a ``<select>`` of all of them weighed 450 KB of every list page), with the
ward picker's markup and behaviour (``templates/_model_picker.html``, ``static/js/ward-picker.js``).

The picker sends the chosen model's id (``model``, hidden) and the text in its box (``model_q``).
Without a choice (no JavaScript, or the officer typed and went on) the text is read: exactly one
model whose name contains it (diacritics and case aside), or one whose name is exactly that, is
taken; none or several is said next to the field, and the list shows nothing.
"""
from __future__ import annotations

from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from registry.extensions import db
from registry.movement.models import MovementModel
from registry.text import fold, like_pattern

OPTIONS = 12
UNKNOWN = _l("No model of %(province)s is called “%(value)s”. Type part of the name and pick it from the list.")
AMBIGUOUS = _l("“%(value)s” matches several models (%(choices)s): pick one from the list.")


class Pick(NamedTuple):
    model: tuple[int, str] | None  # (id, name)
    error: str | None = None


def _matching(text: str, limit: int):
    folded = fold(text).strip()
    return (select(MovementModel.id, MovementModel.name, MovementModel.name_folded)
            .where(MovementModel.name_folded.like(like_pattern(folded), escape="\\"))
            .order_by(MovementModel.name_folded, MovementModel.id).limit(limit))


def options(text: str, limit: int = OPTIONS) -> tuple[list[tuple[int, str]], bool]:
    """The first ``limit`` models of the current province whose name contains ``text``, and
    whether there are more; one statement."""
    if not fold(text or "").strip():
        return [], False
    rows = db.session.execute(_matching(text, limit + 1)).all()
    return [(row.id, row.name) for row in rows[:limit]], len(rows) > limit


def pick(province, chosen: int | None, text: str | None) -> Pick:
    """The model meant by the filter: ``chosen`` (an id from the list, of the current province)
    or else ``text``. No statement when nothing is asked for."""
    text = (text or "").strip()[:200]
    if chosen:
        name = db.session.scalar(select(MovementModel.name).where(MovementModel.id == chosen))
        if name is not None:
            return Pick((chosen, name))
        if not text:
            return Pick(None, str(UNKNOWN) % {"province": province.name, "value": chosen})
    if not text:
        return Pick(None)
    rows = db.session.execute(_matching(text, 6)).all()
    exact = [row for row in rows if row.name_folded == fold(text)]
    if len(rows) == 1 or len(exact) == 1:
        row = rows[0] if len(rows) == 1 else exact[0]
        return Pick((row.id, row.name))
    if not rows:
        return Pick(None, str(UNKNOWN) % {"province": province.name, "value": text})
    more = ", …" if len(rows) > 5 else ""
    return Pick(None, str(AMBIGUOUS) % {"value": text, "choices": ", ".join(row.name for row in rows[:5]) + more})


