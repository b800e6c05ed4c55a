"""Forms of the province's nomination pages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length


class StatementForm(FlaskForm):
    statement = TextAreaField(
        _l("Why this model deserves national replication"), validators=[Length(max=20000)],
        render_kw={"rows": 8},
    )


class AttachmentForm(FlaskForm):
    file = FileField(_l("Supporting file (PDF, Word, Excel or image)"), validators=[FileRequired()])


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Comment"), validators=[DataRequired(), Length(max=5000)], render_kw={"rows": 3})


class WithdrawForm(FlaskForm):
    comment = TextAreaField(_l("Reason (optional)"), validators=[Length(max=2000)], render_kw={"rows": 2})
