"""The form that makes a personal access token."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from registry.api.models import READ, SCOPES
from registry.api.tokens import DEFAULT_DAYS, MAX_DAYS


class TokenForm(FlaskForm):
    name = StringField(_l("Name"), validators=[
        DataRequired(_l("Name the token after the system that will use it.")),
        Length(max=80, message=_l("At most 80 characters."))])
    scope = SelectField(_l("Scope"), choices=list(SCOPES.items()), default=READ)
    days = IntegerField(_l("Valid for (days)"), default=DEFAULT_DAYS, validators=[
        InputRequired(_l("Say for how many days the token works.")),
        NumberRange(1, MAX_DAYS, message=_l("Between 1 and %(max)s days.", max=MAX_DAYS))])
