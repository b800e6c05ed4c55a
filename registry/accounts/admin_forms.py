"""Forms of account management (province admins on the members page, the ministry admin)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length

ROLE_LABELS = {
    "officer": _l("Officer"),
    "province_admin": _l("Provincial admin"),
    "viewer": _l("Viewer"),
}
MINISTRY_ROLE_LABELS = {
    "ministry_reviewer": _l("Ministry reviewer"),
    "ministry_admin": _l("Ministry admin"),
}


class InviteForm(FlaskForm):
    email = EmailField(
        _l("E-mail"),
        validators=[DataRequired(_l("Enter an e-mail address.")), Email(_l("This is not a valid e-mail address.")),
                    Length(max=254)],
    )
    name = StringField(_l("Full name"), validators=[Length(max=120)])
    role = SelectField(_l("Role"), choices=list(ROLE_LABELS.items()), default="officer")


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=list(ROLE_LABELS.items()))


class AppointForm(InviteForm):
    """The ministry admin gives someone (new or not) a role in a province, usually its admin."""

    province = SelectField(_l("Province"), choices=[], validate_choice=True)
    role = SelectField(_l("Role"), choices=list(ROLE_LABELS.items()), default="province_admin")


class MembershipForm(FlaskForm):
    province = SelectField(_l("Province"), choices=[])
    role = SelectField(_l("Role"), choices=list(ROLE_LABELS.items()), default="province_admin")
