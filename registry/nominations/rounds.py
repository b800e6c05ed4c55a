"""National rounds (đợt): the ministry opens and closes them; provinces nominate into an open
one until its deadline. The caller commits. Rounds are national: the audit trail (province
rows) records them on the nominations they touch; opening and closing are logged."""
from __future__ import annotations

import logging
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from registry import clock
from registry.accounts.models import User
from registry.clock import now_utc
from registry.extensions import db
from registry.nominations.models import ROUND_CLOSED, ROUND_OPEN, NominationRound

log = logging.getLogger(__name__)


class RoundError(ValueError):
    """A round cannot be opened, closed or nominated into as asked; the message is for the user."""


def open_rounds(today: date | None = None) -> list[NominationRound]:
    """Rounds open for nominations today (open and the deadline not passed), soonest deadline first."""
    today = today or clock.today()
    return db.session.scalars(
        select(NominationRound).where(NominationRound.status == ROUND_OPEN, NominationRound.deadline >= today)
        .order_by(NominationRound.deadline, NominationRound.id)).all()


def all_rounds() -> list[NominationRound]:
    return db.session.scalars(select(NominationRound).order_by(NominationRound.opened_at.desc(),
                                                               NominationRound.id.desc())).all()


def accepts_nominations(round_: NominationRound | None, today: date | None = None) -> bool:
    return round_ is not None and round_.is_open and round_.deadline >= (today or clock.today())


def check_accepts(round_: NominationRound | None) -> None:
    """Raise ``RoundError`` unless provinces may nominate into (or submit in) ``round_`` today."""
    if round_ is None:
        raise RoundError(_("No round is open for nominations."))
    if not accepts_nominations(round_):
        raise RoundError(_("The round “%(name)s” is closed for nominations.", name=round_.name))


def open_round(actor: User, name: str, year: int, deadline: date, min_months_active: int,
               criteria: str = "") -> NominationRound:
    if deadline < clock.today():
        raise RoundError(_("The deadline cannot be in the past."))
    round_ = NominationRound(name=name.strip(), year=year, deadline=deadline, min_months_active=min_months_active,
                             criteria=criteria.strip(), status=ROUND_OPEN, created_by_id=actor.id)
    db.session.add(round_)
    db.session.flush()
    log.info("round %s opened by user %s", round_.id, actor.id)
    return round_


def close_round(round_: NominationRound, actor: User) -> None:
    if not round_.is_open:
        raise RoundError(_("The round is already closed."))
    round_.status = ROUND_CLOSED
    round_.closed_at = now_utc()
    log.info("round %s closed by user %s", round_.id, actor.id)
