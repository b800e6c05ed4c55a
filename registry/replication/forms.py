"""Forms of the sites panel and the import."""
from __future__ import annotations


from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from registry import clock
from registry.core.fields import DayField
from registry.movement.models import SETTINGS
from registry.replication.ward_picker import WardField

NOT_NEGATIVE = NumberRange(min=0, message=_l("Cannot be negative."))


def _count(name):
    return IntegerField(name, validators=[Optional(), NOT_NEGATIVE], render_kw={"min": 0, "inputmode": "numeric"})


class SiteForm(FlaskForm):
    ward = WardField(_l("Ward"), validators=[DataRequired(_l("Choose the ward."))])
    sub_unit = StringField(_l("Sub-unit (village, residential group, agency, school)"), validators=[Length(max=255)])
    setting = SelectField(_l("Setting"), choices=[("", "—"), *SETTINGS.items()], default="")
    started_on = DayField(_l("Started on"), validators=[Optional()])
    teams = _count(_l("Teams"))
    members = _count(_l("Members"))
    households = _count(_l("Households"))
    cameras = _count(_l("Cameras"))
    notes = TextAreaField(_l("Notes"), validators=[Length(max=2000)], render_kw={"rows": 2})
    version = HiddenField()

    def validate_started_on(self, field) -> None:
        if field.data and field.data > clock.today():
            raise ValidationError(_("The start date cannot be in the future."))

    def values(self) -> dict:
        return {
            "ward_id": self.ward.data, "sub_unit": (self.sub_unit.data or "").strip(), "setting": self.setting.data or None,
            "started_on": self.started_on.data, "teams": self.teams.data, "members": self.members.data,
            "households": self.households.data, "cameras": self.cameras.data, "notes": (self.notes.data or "").strip(),
        }

    def submitted_version(self) -> int | None:
        return int(self.version.data) if (self.version.data or "").isdigit() else None


class ImportForm(FlaskForm):
    file = FileField(_l("Spreadsheet (.xlsx or .csv)"), validators=[FileRequired(_l("Choose a file."))])
