"""What the API says about bad input, in the caller's language and with the pages' own words.

Two layers check a body, each once:

- the schema (pydantic, the same models the OpenAPI document shows): types, shapes, known
  choices. Its complaints are translated here by kind (``int_parsing`` → "Not a valid integer
  value."), a missing field saying what the form says when it is left empty;
- the area's own form (``check_with_form``): lengths, ranges, "a ward of this province", "not
  in the future"… the very validators the pages run, so one rule has one definition and one
  message. The form is filled with the already typed values: no date format of its own applies.
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

KINDS = {
    "missing": _l("This field is required."),
    "string_type": _l("Enter text."),
    "int_type": _l("Not a valid integer value."),
    "int_parsing": _l("Not a valid integer value."),
    "int_from_float": _l("Not a valid integer value."),
    "float_type": _l("Not a valid decimal value."),
    "float_parsing": _l("Not a valid decimal value."),
    "finite_number": _l("Not a valid decimal value."),
    "bool_type": _l("Write true or false."),
    "bool_parsing": _l("Write true or false."),
    "date_type": _l("Not a valid date: write yyyy-mm-dd."),
    "date_parsing": _l("Not a valid date: write yyyy-mm-dd."),
    "date_from_datetime_parsing": _l("Not a valid date: write yyyy-mm-dd."),
    "date_from_datetime_inexact": _l("Not a valid date: write yyyy-mm-dd."),
    "literal_error": _l("Not a valid choice."),
    "enum": _l("Not a valid choice."),
    "extra_forbidden": _l("Unknown field."),
    "dict_type": _l("Send an object."),
    "model_type": _l("Send an object."),
    "model_attributes_type": _l("Send an object."),
    "list_type": _l("Send a list."),
    "string_pattern_mismatch": _l("Invalid input."),
}


def _message(error: dict, required: dict[str, str]) -> str:
    kind, context = error["type"], error.get("ctx") or {}
    field = ".".join(str(part) for part in error["loc"])
    if kind == "missing" and field in required:
        return required[field]
    if kind in ("greater_than_equal", "greater_than"):
        return _("Number must be at least %(min)s.", min=context.get("ge", context.get("gt")))
    if kind in ("less_than_equal", "less_than"):
        return _("Number must be at most %(max)s.", max=context.get("le", context.get("lt")))
    if kind == "string_too_long":
        return ngettext("Field cannot be longer than %(max)d character.",
                        "Field cannot be longer than %(max)d characters.", context.get("max_length", 0),
                        max=context.get("max_length", 0))
    if kind == "too_long":
        return _("At most %(max)s items.", max=context.get("max_length"))
    if kind == "too_short":
        return _("At least %(min)s items.", min=context.get("min_length"))
    return str(KINDS.get(kind, _l("Invalid input.")))


def field_errors(error, required: dict[str, str] | None = None) -> dict[str, list[str]]:
    """``{field path: [messages]}`` of a pydantic ``ValidationError``; paths join with dots."""
    errors: dict[str, list[str]] = {}
    for item in error.errors():
        field = ".".join(str(part) for part in item["loc"]) or "body"
        errors.setdefault(field, []).append(_message(item, required or {}))
    return errors


def form_limits(form_class, name: str) -> dict:
    """The JSON Schema limits (maxLength, minimum…) of a form field, from its own validators:
    the OpenAPI document shows the rule the form enforces, written once in the form."""
    limits: dict = {}
    for validator in getattr(form_class, name).kwargs.get("validators", ()):
        if isinstance(validator, Length):
            if validator.max != -1:
                limits["maxLength"] = validator.max
            if validator.min not in (-1, 0):
                limits["minLength"] = validator.min
        elif isinstance(validator, NumberRange):
            if validator.min is not None:
                limits["minimum"] = validator.min
            if validator.max is not None:
                limits["maximum"] = validator.max
    return limits


def required_messages(form_class, names) -> dict[str, str]:
    """What the form says when each of ``names`` is left empty (its DataRequired/InputRequired)."""
    found = {}
    for name in names:
        for validator in getattr(form_class, name).kwargs.get("validators", ()):
            if isinstance(validator, (DataRequired, InputRequired)) and validator.message:
                found[name] = str(validator.message)
    return found


def check_with_form(form, data: dict, fields: dict[str, str] | None = None):
    """Run ``form``'s validators (a form class, or a callable making the form) on typed ``data``:
    (the filled form, ``{field: [messages]}``, empty when it passes). ``fields`` renames form
    fields for the answer (``value_crimes`` → ``values.crimes``)."""
    instance = form(formdata=None, data=data, meta={"csrf": False})
    for field in instance:
        value = data.get(field.name)
        # What a browser would have sent: InputRequired reads the raw input, not the value.
        field.raw_data = [] if value is None or value == "" else [str(value)]
    instance.validate()
    renamed = fields or {}
    return instance, {renamed.get(name, name): [str(message) for message in messages]
                      for name, messages in instance.errors.items()}
