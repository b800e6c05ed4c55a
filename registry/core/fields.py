"""Form fields every area shares.

``DayField``: the one date field of every form. People type a date the Vietnamese way,
dd/mm/yyyy (or d/m/yyyy), whatever the browser's locale: it is a text field with a mask and a
date picker (``static/js/app.js``), not ``<input type="date">``, whose display follows the
browser's language and turned 15/03/2025 into 03/12/2025 in an English browser. Scripts, the
API and old bookmarks send ISO yyyy-mm-dd: that is accepted too. What was typed is shown
again when it is refused, with a message that names the format.
"""
from __future__ import annotations

import calendar
import re
from datetime import date

from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from wtforms import Field
from wtforms.widgets import TextInput

DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
DISPLAY = "%d/%m/%Y"

FORMAT_HINT = _l("Enter the date as dd/mm/yyyy, for example 15/03/2025.")
NO_SUCH_MONTH = _l("There is no month %(month)s: the month is between 1 and 12. Enter the date as dd/mm/yyyy, "
                   "for example 15/03/2025.")
NO_SUCH_DAY = _l("Month %(month)s/%(year)s has only %(days)s days. Enter the date as dd/mm/yyyy, for example "
                 "15/03/2025.")


class DateProblem(ValueError):
    """Why a text is not a date, in the user's language."""


def parse_day(text: str) -> date | None:
    """``"15/03/2025"``, ``"5/3/2025"`` or ``"2025-03-15"`` → 15 March 2025; empty → None.

    Raises ``DateProblem`` with the message to show for anything else, including dates that
    do not exist (31/02/2025).
    """
    text = (text or "").strip()
    if not text:
        return None
    match = DAY_FIRST.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
    else:
        match = ISO.match(text)
        if not match:
            raise DateProblem(str(FORMAT_HINT))
        year, month, day = (int(part) for part in match.groups())
    if year < 1000:
        raise DateProblem(str(FORMAT_HINT))
    if not 1 <= month <= 12:
        raise DateProblem(str(NO_SUCH_MONTH) % {"month": month})
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise DateProblem(str(NO_SUCH_DAY) % {"month": f"{month:02d}", "year": year, "days": days})
    return date(year, month, day)


def format_day_input(value: date | None) -> str:
    return value.strftime(DISPLAY) if value else ""


class DayInput(TextInput):
    """A text input that the front end turns into the masked field with its date picker."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("inputmode", "numeric")
        kwargs.setdefault("autocomplete", "off")
        kwargs.setdefault("placeholder", "dd/mm/yyyy")
        kwargs.setdefault("maxlength", 10)
        kwargs.setdefault("data-day-field", "")
        return Markup(super().__call__(field, **kwargs))


class DayField(Field):
    """A date typed as dd/mm/yyyy (d/m/yyyy and ISO yyyy-mm-dd accepted), shown as dd/mm/yyyy."""

    widget = DayInput()

    def _value(self) -> str:
        if self.raw_data:
            return " ".join(self.raw_data)  # what was typed, as typed, when it was refused
        return format_day_input(self.data)

    def process_data(self, value) -> None:
        self.data = value if isinstance(value, date) or value is None else parse_day(str(value))

    def process_formdata(self, valuelist) -> None:
        if not valuelist:
            return
        try:
            self.data = parse_day(valuelist[0])
        except DateProblem as problem:
            self.data = None
            raise ValueError(str(problem)) from None
