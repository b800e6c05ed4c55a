"""Forms of the Ministry's review: the rubric and the decision."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from registry.core.fields import DayField
from registry.nominations.models import APPROVED, CRITERIA, CRITERIA_HELP, REJECTED, RETURNED, SCORE_LABELS, SCORES

OUTCOMES = {APPROVED: _l("Approve for national replication"), RETURNED: _l("Return for changes"),
            REJECTED: _l("Reject")}
DOCUMENT_OUTCOMES = {APPROVED: _l("Recognise"), REJECTED: _l("Reject")}


def _score(value):
    return int(value) if value not in (None, "") else None


class AssessmentForm(FlaskForm):
    """One score (1–5) and one comment per criterion of ``CRITERIA``, and a summary."""

    summary = TextAreaField(_l("Overall opinion"), validators=[Length(max=5000)], render_kw={"rows": 3})

    def criteria(self):
        """(name, label, score field, comment field, help) for each criterion, in the rubric's order."""
        return [(name, label, self[f"score_{name}"], self[f"comment_{name}"], CRITERIA_HELP[name])
                for name, label in CRITERIA.items()]

    def errors_in_criteria(self) -> bool:
        return any(self[f"{kind}_{name}"].errors for name in CRITERIA for kind in ("score", "comment"))

    def check_complete(self) -> bool:
        """For a submission: every criterion scored and commented, each gap named at its criterion."""
        complete = True
        for name in CRITERIA:
            score, comment = self[f"score_{name}"], self[f"comment_{name}"]
            if score.data not in SCORES:
                score.errors = [*score.errors, _l("Choose a score from 1 to 5.")]
                complete = False
            if not (comment.data or "").strip():
                comment.errors = [*comment.errors, _l("Say why you gave this score.")]
                complete = False
        return complete

    def scores(self) -> dict:
        return {name: self[f"score_{name}"].data for name in CRITERIA}

    def comments(self) -> dict:
        return {name: self[f"comment_{name}"].data or "" for name in CRITERIA}


for _name, _label in CRITERIA.items():
    setattr(AssessmentForm, f"score_{_name}", RadioField(
        _label, choices=[(score, SCORE_LABELS[score]) for score in SCORES], coerce=_score, validate_choice=False,
        validators=[Optional()],
    ))
    setattr(AssessmentForm, f"comment_{_name}", TextAreaField(
        _l("Comment"), validators=[Length(max=2000)], render_kw={"rows": 2},
    ))


class DecisionForm(FlaskForm):
    """Returning one nomination: what the province must add (recognition and rejection are
    issued for a whole round in a decision document, ``DecisionDocumentForm``)."""

    comment = TextAreaField(_l("What the province must add (required)"), validators=[DataRequired(), Length(max=5000)],
                            render_kw={"rows": 4})


class DecisionDocumentForm(FlaskForm):
    """The signed decision: number, date, signer, the PDF, and the confirmation that it is final."""

    number = StringField(_l("Decision number"), validators=[DataRequired(), Length(max=120)])
    signed_on = DayField(_l("Date signed"), validators=[DataRequired()])
    signer = StringField(_l("Signed by"), validators=[DataRequired(), Length(max=200)])
    file = FileField(_l("The signed decision (PDF)"), validators=[FileRequired()])
    confirm = BooleanField(_l("I confirm: the decision is final and the provinces are told at once."),
                           validators=[DataRequired(_l("Confirm the decision first."))])


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
