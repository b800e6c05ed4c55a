"""Language choice and the formats every template uses: dd/mm/yyyy, Vietnamese numbers."""
from __future__ import annotations

from datetime import date, datetime

from babel.numbers import get_group_symbol
from flask import has_request_context, request, session
from flask_babel import format_datetime, format_decimal, format_percent, get_locale, get_translations
from jinja2 import pass_context, pass_eval_context
from markupsafe import Markup
from flask_login import current_user

from registry.accounts.models import LOCALES
from registry.extensions import babel

API_PREFIX = "/api/"


def select_locale() -> str:
    """The JSON API: Vietnamese when ``Accept-Language`` asks for it, else English (other systems
    read it). Pages: the account's language, else the session's choice, else Vietnamese (also
    outside a request)."""
    if not has_request_context():
        return "vi"
    if request.path.startswith(API_PREFIX):
        return request.accept_languages.best_match(LOCALES) or "en"
    if current_user and current_user.is_authenticated and current_user.locale in LOCALES:
        return current_user.locale
    if session.get("locale") in LOCALES:
        return session["locale"]
    return "vi"


def translated(labels: dict) -> dict[str, str]:
    """``labels`` (lazy translations) in the request's language, translated once for a whole
    table rather than once per cell."""
    return {key: str(label) for key, label in labels.items()}


def format_day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, "dd/MM/yyyy")  # in Vietnam's time zone
    return value.strftime("%d/%m/%Y")


def format_moment(value: datetime | None) -> str:
    """A date and time in Vietnam's time zone: 23/11/2026 14:05."""
    return format_datetime(value, "dd/MM/yyyy HH:mm") if value else ""


def format_number(value) -> str:
    """Thousands separators of the interface language: 2.769 in Vietnamese, 2,769 in English."""
    if value is None:
        return ""
    if type(value) is int:  # most figures: Python groups them, Babel only names the separator
        return f"{value:,}".replace(",", get_group_symbol(get_locale()))
    return format_decimal(value)


# The template context's key for the thousands separator of the language it renders in.
_GROUP = "_number_group"


def translations_for_render() -> dict:
    """Each render's translation callables and number separator, looked up once for the whole
    template instead of once per string and number.

    Flask-Babel installs ``gettext`` and friends as Jinja globals that find the request's
    translations again at every call (context, locale, domain), and Jinja's ``_`` goes through
    two more context calls to reach them: about 20 µs a string, and a list page has 200-400.
    A context processor runs once per ``render_template``, in the language of that moment (a
    mail rendered under ``force_locale`` too), and puts callables bound to that language's
    catalogue in the template's context, where ``_()``, ``ngettext()`` and ``{% trans %}`` find
    them first. They behave as Jinja's "newstyle" gettext: ``%`` formatting with the keyword
    arguments, markup-safe and escaping them where the template autoescapes. Templates
    imported without context (macros) keep the globals: the same strings, the slower way.
    """
    translations = get_translations()
    gettext = _newstyle(translations.ugettext)
    return {
        "_": gettext,
        "gettext": gettext,
        "ngettext": _newstyle_plural(translations.ungettext),
        "pgettext": _newstyle(translations.upgettext),
        "npgettext": _newstyle_plural(translations.unpgettext),
        _GROUP: get_group_symbol(get_locale()),
    }


def _newstyle(translate):
    @pass_eval_context
    def gettext(eval_context, *strings, **variables):
        text = translate(*strings)
        return (Markup(text) if eval_context.autoescape else text) % variables

    return gettext


def _newstyle_plural(translate):
    @pass_eval_context
    def ngettext(eval_context, *strings_and_number, **variables):
        variables.setdefault("num", strings_and_number[-1])
        text = translate(*strings_and_number)
        return (Markup(text) if eval_context.autoescape else text) % variables

    return ngettext


def number_formatter():
    """``format_number`` with the language's separator looked up once, for a table of numbers."""
    group = get_group_symbol(get_locale())
    return lambda value: f"{value:,}".replace(",", group) if type(value) is int else format_number(value)


@pass_context
def number_filter(context, value) -> str:
    """``|number``: ``format_number`` with the separator the render looked up once."""
    group = context.get(_GROUP)
    if group is not None and type(value) is int:
        return f"{value:,}".replace(",", group)
    return format_number(value)


def format_share(value) -> str:
    """A share (0.125) as a percentage of the interface language: 12,5% in Vietnamese."""
    return "" if value is None else format_percent(value, "#,##0.#%")


def format_change(value) -> str:
    """A change in percent (−62.5) with its sign, in the language's numbers: -62,5% or +1,5%."""
    return "" if value is None else format_decimal(value, "+#,##0.0;-#,##0.0") + "%"


def init_app(app) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.filters.update(day=format_day, moment=format_moment, number=number_filter, percent=format_share,
                               change=format_change)
    app.context_processor(translations_for_render)
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale())
    app.jinja_env.globals["request_path"] = lambda: request.full_path.rstrip("?")
