"""The OpenAPI 3.1 document of the JSON API, derived from the views' pydantic models by spectree.

Why spectree: it writes OpenAPI 3.1 from pydantic v2's JSON Schema (draft 2020-12, the dialect
3.1 speaks) without translating it, checks requests and responses against the same models, and
decorates plain Flask views in our own blueprint: it installs no error handlers or routes of its
own (we serve the document and the reference page ourselves, behind sign-in). flask-smorest
registers an error handler for every ``HTTPException`` of the whole app, and APIFlask wants to be
the app.

``operation`` is the decorator every view uses: it names the operation, documents the problem
responses it may give, checks the query, insists on a JSON body where the operation takes one,
and turns validation errors into our problem documents.
"""
from __future__ import annotations

import copy
from functools import wraps

from flask import current_app, g, request
from flask_babel import lazy_gettext as _l
from pydantic import ValidationError
from spectree import Response, SpecTree
from spectree.models import SecureType, SecurityScheme, SecuritySchemeData

from registry.api import validation
from registry.api.errors import Problem, invalid
from registry.api.schemas import ProblemOut

TITLE = "Movement model registry API"
# Statuses every operation may answer besides its own.
COMMON = (401, 403, 404, 422, 429)
SPEC_KEY = "api_openapi_document"
# Operations whose answer is one page of a list (their 200 carries Link headers).
PAGED: set[str] = set()
IF_MATCH = {"name": "If-Match", "in": "header", "required": True, "schema": {"type": "string"},
            "description": 'The ETag of the record as you last read it, e.g. "3" (or * for any).'}


def _naming(model) -> str:
    return model.__name__


spec = SpecTree(
    "flask", mode="strict", title=TITLE, version="1", path="apidoc", page_templates={}, annotations=False,
    naming_strategy=_naming, nested_naming_strategy=lambda parent, child: child,
    validation_error_status=422, validation_error_model=ProblemOut,
    security_schemes=[SecurityScheme(name="token", data=SecuritySchemeData(
        type=SecureType.HTTP, scheme="bearer",
        description="A personal access token (mmr_…) from the page “API tokens” of your account, "
                    "or `flask --app wsgi create-api-token`.",
    ))],
    security={"token": []},
    description=(
        "The registry's data as JSON, behind the same walls as its pages: a token carries its user's "
        "roles and provinces, and another province's record answers 404. Errors are "
        "`application/problem+json` (RFC 9457); lists are paged, with the total in the body and "
        "RFC 8288 `Link` headers; models are updated with `If-Match` and the `ETag` of their last read. "
        "Messages follow `Accept-Language` (Vietnamese, else English)."
    ),
)


def operation(operation_id: str, tag: str, *, ok=None, status: int = 200, query=None, body=None,
              errors: tuple[int, ...] = (), parameters: dict[str, str] | None = None, paged: bool = False,
              required: dict[str, str] | None = None):
    """Document one view (its query model, JSON body, response model and problem statuses) and
    check its query before it runs: ``g.api_query``. The body is checked when the view asks for
    it (``json_body()``), after it has loaded its record: another province's record answers 404
    whatever the body says. ``required`` maps body fields to what the form says when they are
    left empty. Views return model instances, which spectree serialises without checking again.
    """
    if paged:
        PAGED.add(operation_id)
    statuses = {f"HTTP_{status}": ok} | {f"HTTP_{code}": ProblemOut for code in sorted({*COMMON, *errors})}
    if body is not None:
        statuses |= {"HTTP_400": ProblemOut, "HTTP_415": ProblemOut}
    documented = spec.validate(query=query, json=body, resp=Response(**statuses), tags=[tag],
                               operation_id=operation_id, path_parameter_descriptions=parameters,
                               skip_validation=True)

    def decorator(view):
        checked = documented(view)

        @wraps(checked)
        def wrapped(*args, **kwargs):
            g.api_query = _valid(query, request.args.to_dict()) if query is not None else None
            if body is not None:
                _require_json_body()
                g.api_body = (body, required)
            return checked(*args, **kwargs)

        return wrapped  # spectree finds its metadata through __wrapped__

    return decorator


def _valid(model, data, required: dict[str, str] | None = None):
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise invalid(validation.field_errors(error, required)) from None


def json_body():
    """The request's JSON body, checked against the operation's body model (422 otherwise)."""
    model, required = g.api_body
    return _valid(model, request.get_json(), required)


def _require_json_body() -> None:
    if not request.is_json:
        raise Problem(415)
    if request.get_json(silent=True) is None:
        raise Problem(400, _l("The body is not valid JSON."), code="invalid_json")


def document() -> dict:
    """The OpenAPI document, built once per process (the routes do not change while it runs)."""
    built = current_app.extensions.get(SPEC_KEY)
    if built is None:
        built = current_app.extensions[SPEC_KEY] = _finish(copy.deepcopy(spec.spec))
    return built


def _finish(document: dict) -> dict:
    """What spectree cannot say from the models: the paths' common parameters, response headers."""
    for path, operations in document["paths"].items():
        for method, described in operations.items():
            # Docstrings quote code ``so``: Markdown `so` in the description, plain in the summary.
            described["summary"] = described.get("summary", "").replace("`", "")
            described["description"] = described.get("description", "").replace("``", "`")
            responses = described.get("responses", {})
            if "428" in responses:
                described.setdefault("parameters", []).append(IF_MATCH)
            for code in ("200", "201"):
                if code in responses and _versioned(responses[code]):
                    responses[code]["headers"] = {"ETag": {"schema": {"type": "string"},
                                                           "description": "The record's version, for If-Match."}}
            if "201" in responses:
                responses["201"].setdefault("headers", {})["Location"] = {"schema": {"type": "string"}}
            for parameter in described.get("parameters", []):
                if parameter["name"] == "province" and parameter["in"] == "path":
                    parameter["schema"] = {"type": "string", "pattern": "^[a-z0-9-]{1,60}$"}
                    parameter["description"] = parameter["description"] or "The province's slug, e.g. quang-tri."
            for code, response in described.get("responses", {}).items():
                if code.startswith("4") or code.startswith("5"):
                    for content in list(response.get("content", {})):
                        response["content"] = {"application/problem+json": response["content"][content]}
                if code == "401":
                    response["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"}}}
                if code == "429":
                    response["headers"] = {"Retry-After": {"schema": {"type": "string"}}}
                if code == "200" and described.get("operationId") in PAGED:
                    response["headers"] = {"Link": {"schema": {"type": "string"}, "description": "RFC 8288 links"}}
    return document


def _versioned(response: dict) -> bool:
    """A response of one model or review (they carry their version as ETag)."""
    ref = next(iter(response.get("content", {}).values()), {}).get("schema", {}).get("$ref", "")
    return ref.endswith(("/ModelOut", "/ReviewOut"))
