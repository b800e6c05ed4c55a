from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from registry.accounts import passwords
from registry.accounts.models import LOCALES

CODE_LENGTH = 6


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(_l("Enter your e-mail address.")), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password.")),
                                                         Length(max=passwords.MAX_LENGTH)])
    next = HiddenField()


class CodeForm(FlaskForm):
    """The second step of signing in: a code from the authenticator app, or a recovery code."""

    code = StringField(_l("Code"), validators=[DataRequired(_l("Enter the code.")), Length(max=40)])


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("E-mail"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Email(_l("This is not a valid e-mail address.")),
            Length(max=254),
        ],
    )


class NewPasswordForm(FlaskForm):
    """A new password, checked by ``registry.accounts.passwords``: the form is given the account's
    address and name (``for_account``) so a password made of them is refused."""

    password = PasswordField(_l("New password"), validators=[DataRequired(_l("Choose a password."))])
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[EqualTo("password", _l("The two passwords differ."))],
    )
    account_email = ""
    account_name = ""

    def for_account(self, email: str, name: str = ""):
        self.account_email, self.account_name = email, name
        return self

    def validate_password(self, field):
        name = self.data.get("name") or self.account_name
        problem = passwords.problem(field.data or "", self.account_email, name or "")
        if problem:
            raise ValidationError(problem)


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(_l("Enter your current password."))])


class AcceptInvitationForm(NewPasswordForm):
    name = StringField(
        _l("Full name"),
        validators=[DataRequired(_l("Enter your name.")), Length(max=120)],
    )


class EnrolForm(FlaskForm):
    code = StringField(_l("Code from the app"), validators=[DataRequired(_l("Enter the code.")), Length(max=12)])


class ConfirmPasswordForm(FlaskForm):
    """A change to one's own second factor asks for the password again."""

    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password."))])


class LanguageForm(FlaskForm):
    locale = SelectField(choices=[(code, code) for code in LOCALES])
    next = HiddenField()
