"""WTForms' and Flask-WTF's own messages ("Not a valid choice.", "Field cannot be longer than…")
in the interface language.

WTForms ships no Vietnamese catalogue, so its messages are listed here, extracted into the
core catalogue like any other string, and every ``FlaskForm`` translates them through
Flask-Babel (all our catalogues) instead of WTForms' own folder.
"""
from __future__ import annotations

from flask_babel import get_translations
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from flask_wtf import FlaskForm

# Never displayed from here: the list only puts the message ids into the catalogue.
MESSAGES = (
    _l("Field must be equal to %(other_name)s."),
    lazy_ngettext("Field must be at least %(min)d character long.",
                  "Field must be at least %(min)d characters long.", 1),
    lazy_ngettext("Field cannot be longer than %(max)d character.",
                  "Field cannot be longer than %(max)d characters.", 1),
    lazy_ngettext("Field must be exactly %(max)d character long.",
                  "Field must be exactly %(max)d characters long.", 1),
    _l("Field must be between %(min)d and %(max)d characters long."),
    _l("Number must be at least %(min)s."),
    _l("Number must be at most %(max)s."),
    _l("Number must be between %(min)s and %(max)s."),
    _l("Date must be at least %(min)s."),
    _l("Date must be at most %(max)s."),
    _l("Date must be between %(min)s and %(max)s."),
    _l("This field is required."),
    _l("Invalid input."),
    _l("Invalid email address."),
    _l("Invalid URL."),
    _l("Invalid value, must be one of: %(values)s."),
    _l("Invalid value, can't be any of: %(values)s."),
    _l("This field cannot be edited."),
    _l("This field is disabled and cannot have a value."),
    _l("Invalid CSRF Token."),
    _l("CSRF token missing."),
    _l("CSRF failed."),
    _l("CSRF token expired."),
    _l("Invalid Choice: could not coerce."),
    _l("Not a valid choice."),
    _l("Invalid choice(s): one or more data inputs could not be coerced."),
    lazy_ngettext("'%(value)s' is not a valid choice for this field.",
                  "'%(value)s' are not valid choices for this field.", 1),
    _l("Not a valid datetime value."),
    _l("Not a valid date value."),
    _l("Not a valid time value."),
    _l("Not a valid week value."),
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid float value."),
    _l("File does not have an approved extension: {extensions}"),
    _l("File does not have an approved extension."),
)


class BabelTranslations:
    """The object WTForms asks for translations: our Flask-Babel catalogues, untouched by
    formatting (WTForms fills ``%(min)d`` itself afterwards)."""

    def gettext(self, string: str) -> str:
        return get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ungettext(singular, plural, n)


TRANSLATIONS = BabelTranslations()


def _get_translations(meta, form):
    return TRANSLATIONS


def init_app(app) -> None:
    # Every area's forms derive from FlaskForm, so its Meta is the one place to say it.
    FlaskForm.Meta.get_translations = _get_translations
