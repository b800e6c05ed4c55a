"""Forms of the models area. Every message is ours, so it reads in Vietnamese next to the field."""
from __future__ import annotations


from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from registry import clock
from registry.core.fields import DayField
from registry.movement.models import CATEGORIES, DEFAULT_REVIEW_INTERVAL_MONTHS, END_REASONS, SETTINGS
from registry.replication.ward_picker import WardField

# WTForms' own messages, extracted here so our catalogue translates them (WTForms has no Vietnamese).
WTFORMS_MESSAGES = (
    _l("Not a valid date value."), _l("Not a valid integer value."), _l("Not a valid choice."),
    _l("This field is required."), _l("Invalid Choice: could not coerce."),
)
ATTACHMENT_KINDS = {
    "decision": _l("Decision"),
    "regulation": _l("Regulation"),
    "photo": _l("Photo"),
    "report": _l("Report"),
    "other": _l("Other document"),
}


class _CatalogueTranslations:
    def gettext(self, string):
        return gettext(string)

    def ngettext(self, singular, plural, n):
        return ngettext(singular, plural, n)


class RegistryForm(FlaskForm):
    """A Flask-WTF form whose built-in messages go through the application's catalogues."""

    class Meta:
        def get_translations(self, form):
            return _CatalogueTranslations()

    def based_on(self) -> int:
        """The model version the form was filled from; 0 (always stale) when missing or garbled."""
        value = str(self.version.data or "")
        return int(value) if value.isdigit() else 0


def _choices(labels: dict, blank) -> list:
    return [("", blank), *labels.items()]


class ModelForm(RegistryForm):
    name = StringField(_l("Name"), validators=[
        DataRequired(_l("Enter the model's name.")), Length(max=255, message=_l("At most 255 characters."))])
    summary = TextAreaField(_l("Summary"), validators=[Length(max=4000, message=_l("At most 4000 characters."))])
    category = SelectField(_l("Category"), choices=_choices(CATEGORIES, _l("Choose a category")),
                           validators=[DataRequired(_l("Choose a category."))])
    target_setting = SelectField(_l("Target setting"), choices=_choices(SETTINGS, _l("Choose a setting")),
                                 validators=[DataRequired(_l("Choose where the model works."))])
    origin_ward_id = WardField(_l("Origin ward"))
    host_organisation = StringField(_l("Host organisation"), validators=[
        Length(max=255, message=_l("At most 255 characters."))])
    launched_on = DayField(_l("Launched on"), validators=[Optional()])
    objectives = TextAreaField(_l("Objectives"), validators=[Length(max=8000, message=_l("At most 8000 characters."))])
    how_it_works = TextAreaField(_l("How it works"), validators=[
        Length(max=8000, message=_l("At most 8000 characters."))])
    resources = TextAreaField(_l("Resources and funding"), validators=[
        Length(max=8000, message=_l("At most 8000 characters."))])
    review_interval_months = IntegerField(
        _l("Review interval (months)"), default=DEFAULT_REVIEW_INTERVAL_MONTHS,
        validators=[InputRequired(_l("Enter the review interval in months.")),
                    NumberRange(1, 60, message=_l("Between 1 and 60 months."))])
    tags = StringField(_l("Tags"), validators=[Length(max=500, message=_l("At most 500 characters."))])
    version = HiddenField()

    def validate_launched_on(self, field):
        if field.data and field.data > clock.today():
            raise ValidationError(_l("The launch date cannot be in the future."))

    def model_data(self) -> dict:
        return {name: self[name].data for name in (
            "name", "summary", "category", "target_setting", "origin_ward_id", "host_organisation", "launched_on",
            "objectives", "how_it_works", "resources", "review_interval_months", "tags")}


class StatusForm(RegistryForm):
    """One status move; ending also asks why."""

    move = HiddenField(validators=[DataRequired()])
    version = HiddenField()
    reason = SelectField(_l("Reason for ending"), choices=_choices(END_REASONS, _l("Choose a reason")), default="")
    reason_text = TextAreaField(_l("Explanation"), validators=[Length(max=2000, message=_l("At most 2000 characters."))])
    merged_into = SelectField(_l("Merged into"), coerce=lambda v: int(v) if v else None, choices=[],
                              validate_choice=False)

    def validate_reason(self, field):
        if self.move.data == "end" and not field.data:
            raise ValidationError(_l("Choose why the model ends."))

    def validate_reason_text(self, field):
        if self.move.data == "end" and self.reason.data == "other" and not (field.data or "").strip():
            raise ValidationError(_l("Explain why the model ends."))

    def validate_merged_into(self, field):
        if self.move.data != "end" or self.reason.data != "merged":
            return
        if field.data not in {value for value, _label in field.choices if value}:
            raise ValidationError(_l("Choose the model it was merged into."))


class AttachmentForm(RegistryForm):
    kind = SelectField(_l("Kind of document"), choices=list(ATTACHMENT_KINDS.items()), default="decision")
    file = FileField(_l("File"), validators=[FileRequired(_l("Choose a file to upload."))])
