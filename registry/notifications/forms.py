from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectMultipleField, SubmitField, widgets
from wtforms.validators import InputRequired

from registry.notifications.models import DAILY, IMMEDIATELY, NEVER, WEEKLY
from registry.notifications.preferences import OPTIONAL_KINDS

FREQUENCY_LABELS = {
    IMMEDIATELY: _l("Each notification as it happens"),
    DAILY: _l("One daily digest (at 7:00)"),
    WEEKLY: _l("One weekly digest (Monday at 7:00)"),
    NEVER: _l("No reminder mail (the bell still shows them)"),
}


class PreferencesForm(FlaskForm):
    frequency = RadioField(_l("How often to mail me"), choices=list(FREQUENCY_LABELS.items()),
                           validators=[InputRequired()])
    kinds = SelectMultipleField(
        _l("What to mail me"), choices=list(OPTIONAL_KINDS.items()),
        widget=widgets.ListWidget(prefix_label=False), option_widget=widgets.CheckboxInput(),
    )


class ResendForm(FlaskForm):
    """Send refused mail again: the ticked rows, or every row the page lists."""

    selected = SelectMultipleField(coerce=int, validate_choice=False)
    send_selected = SubmitField(_l("Send the ticked mails again"))
    send_all = SubmitField(_l("Send all of them again"))
