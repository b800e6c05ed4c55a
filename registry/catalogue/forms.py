"""The catalogue's adoption form."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import DataRequired


class AdoptForm(FlaskForm):
    province = SelectField(_l("Adopt in"), coerce=int, validators=[DataRequired()])

    def __init__(self, memberships, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.province.choices = [(m.province_id, m.province.name) for m in memberships]
