"""Forms of the Ministry's review: the rubric and the decision."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from registry.core.fields import DayField
from registry.nominations.models import APPROVED, CRITERIA, REJECTED, RETURNED, SCORES

OUTCOMES = {APPROVED: _l("Approve for national replication"), RETURNED: _l("Return for changes"),
            REJECTED: _l("Reject")}


def _score(value):
    return int(value) if value not in (None, "") else None


class AssessmentForm(FlaskForm):
    """One score (1–5) and one comment per criterion of ``CRITERIA``, and a summary."""

    summary = TextAreaField(_l("Overall opinion"), validators=[Length(max=5000)], render_kw={"rows": 3})

    def criteria(self):
        """(name, label, score field, comment field) for each criterion, in the rubric's order."""
        return [(name, label, self[f"score_{name}"], self[f"comment_{name}"]) for name, label in CRITERIA.items()]

    def scores(self) -> dict:
        return {name: self[f"score_{name}"].data for name in CRITERIA}

    def comments(self) -> dict:
        return {name: self[f"comment_{name}"].data or "" for name in CRITERIA}


for _name, _label in CRITERIA.items():
    setattr(AssessmentForm, f"score_{_name}", RadioField(
        _label, choices=[(score, str(score)) for score in SCORES], coerce=_score, validate_choice=False,
        validators=[Optional()],
    ))
    setattr(AssessmentForm, f"comment_{_name}", TextAreaField(
        _l("Comment"), validators=[Length(max=2000)], render_kw={"rows": 2},
    ))


class DecisionForm(FlaskForm):
    outcome = RadioField(_l("Outcome"), choices=list(OUTCOMES.items()), validators=[DataRequired()])
    comment = TextAreaField(_l("Comment (required)"), validators=[DataRequired(), Length(max=5000)],
                            render_kw={"rows": 4})
    reference = StringField(_l("Decision reference (for an approval)"), validators=[Optional(), Length(max=120)])
    decided_on = DayField(_l("Decision date (for an approval)"), validators=[Optional()])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.outcome.data == APPROVED:
            if not (self.reference.data or "").strip():
                self.reference.errors.append(_l("An approval needs the decision reference."))
                valid = False
            if not self.decided_on.data:
                self.decided_on.errors = [*self.decided_on.errors, _l("An approval needs the decision date.")]
                valid = False
        return valid


class RoundForm(FlaskForm):
    """A national round the ministry opens."""

    name = StringField(_l("Name of the round"), validators=[DataRequired(), Length(max=200)])
    year = IntegerField(_l("Year"), validators=[DataRequired(), NumberRange(min=2000, max=2100)])
    deadline = DayField(_l("Deadline for nominations"), validators=[DataRequired()])
    min_months_active = IntegerField(_l("Minimum months the model has been active"), default=12,
                                     validators=[DataRequired(), NumberRange(min=1, max=120)])
    criteria = TextAreaField(_l("Criteria and rubric (reference of the guidance)"), validators=[Length(max=5000)],
                             render_kw={"rows": 3})


class ConsensusForm(FlaskForm):
    """The assessors' agreed score (1–5 per criterion) and the reasons."""

    reasons = TextAreaField(_l("Reasons for the agreed score"), validators=[DataRequired(), Length(max=5000)],
                            render_kw={"rows": 4})

    def criteria(self):
        return [(name, label, self[f"score_{name}"]) for name, label in CRITERIA.items()]

    def scores(self) -> dict:
        return {name: self[f"score_{name}"].data for name in CRITERIA}


for _name, _label in CRITERIA.items():
    setattr(ConsensusForm, f"score_{_name}", RadioField(
        _label, choices=[(score, str(score)) for score in SCORES], coerce=_score, validate_choice=False,
        validators=[Optional()],
    ))
