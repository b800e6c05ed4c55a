"""The review form. Indicator fields are generated from the catalogue, one per indicator
that applies to the model's category, so a new indicator needs no code."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, MultipleFileField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from registry.core.fields import DayField
from registry.movement.models import END_REASONS
from registry.reviews.evidence import file_type_error
from registry.reviews.models import RATINGS, RECOMMENDATIONS, Indicator, Review

SAVE_DRAFT, SUBMIT = "draft", "submit"


@dataclass
class ReviewData:
    """What the form says, independent of the form object (services and tests use it)."""

    period_start: date
    period_end: date
    rating: str | None = None
    recommendation: str | None = None
    findings: str = ""
    values: dict[str, float | None] = field(default_factory=dict)


class ReviewForm(FlaskForm):
    period_start = DayField(_l("Period from"), validators=[InputRequired(_l("Enter the first day of the period."))])
    period_end = DayField(_l("Period to"), validators=[InputRequired(_l("Enter the last day of the period."))])
    rating = SelectField(_l("Rating"), choices=[("", _l("Not rated yet"))] + list(RATINGS.items()), default="")
    recommendation = SelectField(
        _l("Recommendation"), choices=[("", _l("No recommendation yet"))] + list(RECOMMENDATIONS.items()), default=""
    )
    findings = TextAreaField(_l("Findings"), validators=[Length(max=20_000)])
    evidence = MultipleFileField(_l("Evidence (decisions, reports, photos)"))

    indicators: list[Indicator] = []

    def validate_period_end(self, field) -> None:
        if self.period_start.data and field.data and field.data <= self.period_start.data:
            raise ValidationError(_l("The period must end after it starts."))

    def validate_evidence(self, field) -> None:
        for upload in field.data or []:
            if upload and upload.filename:
                error = file_type_error(upload)
                if error:
                    raise ValidationError(error)

    def indicator_fields(self):
        return [(indicator, self[indicator.field_name]) for indicator in self.indicators]

    def uploads(self) -> list:
        return [upload for upload in self.evidence.data or [] if upload and upload.filename]

    def review_data(self) -> ReviewData:
        return ReviewData(
            period_start=self.period_start.data, period_end=self.period_end.data,
            rating=self.rating.data or None, recommendation=self.recommendation.data or None,
            findings=(self.findings.data or "").strip(),
            values={
                indicator.code: None if f.data is None else float(f.data) for indicator, f in self.indicator_fields()
            },
        )

    def add_errors(self, errors: dict[str, list[str]]) -> None:
        """Show the submission checks next to their fields."""
        for name, messages in errors.items():
            self[name].errors = list(self[name].errors) + messages


class CorrectionForm(ReviewForm):
    reason = TextAreaField(
        _l("Reason for the correction"),
        validators=[DataRequired(_l("Say why the submitted review is corrected.")), Length(max=480)],
    )


def _indicator_field(indicator: Indicator) -> DecimalField:
    label = f"{indicator.name} ({indicator.unit})" if indicator.unit else indicator.name
    return DecimalField(
        label, places=None,
        validators=[Optional(), NumberRange(min=0, message=_l("A count cannot be negative."))],
    )


def review_form(indicators: list[Indicator], review: Review | None = None, correction: bool = False, **kwargs):
    """A form with one number field per indicator, filled from ``review`` when given."""
    base = CorrectionForm if correction else ReviewForm
    attributes = {indicator.field_name: _indicator_field(indicator) for indicator in indicators}
    attributes["indicators"] = indicators
    form_class = type(base.__name__, (base,), attributes)
    if review is not None and "data" not in kwargs:
        kwargs["data"] = _data_of(review)
    return form_class(**kwargs)


def _plain(value: float | None):
    return None if value is None else (int(value) if float(value).is_integer() else value)


def _data_of(review: Review) -> dict:
    data = {
        "period_start": review.period_start, "period_end": review.period_end, "rating": review.rating or "",
        "recommendation": review.recommendation or "", "findings": review.findings,
    }
    data.update({f"value_{v.indicator.code}": _plain(v.value) for v in review.values})
    return data


class EndModelForm(FlaskForm):
    # Merging names another model: that is chosen on the model page, not here.
    end_reason = SelectField(_l("Reason for ending"), default="ineffective",
                             choices=[(code, label) for code, label in END_REASONS.items() if code != "merged"])
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])
