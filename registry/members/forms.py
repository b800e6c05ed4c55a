from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length

ROLE_LABELS = {
    "officer": _l("Officer"),
    "province_admin": _l("Provincial admin"),
    "viewer": _l("Viewer"),
}


class InviteForm(FlaskForm):
    email = EmailField(
        _l("E-mail"),
        validators=[DataRequired(_l("Enter an e-mail address.")), Email(_l("This is not a valid e-mail address."))],
    )
    name = StringField(_l("Full name"), validators=[Length(max=120)])
    role = SelectField(_l("Role"), choices=list(ROLE_LABELS.items()), default="officer")
