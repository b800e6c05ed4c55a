"""Schemathesis against the served OpenAPI document, in-process through the WSGI app, with a read
token and a write token: no answer is a server error, and every answer (status, content type,
headers, body) is one the document declares. Bounded and deterministic: a few examples per
operation, derandomised, half of them aimed at real records of the token's province, half at
whatever the document allows (another province, ids that do not exist)."""
from __future__ import annotations

from datetime import date

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance, response_headers_conformance, response_schema_conformance, status_code_conformance,
)

from registry.extensions import db
from tests.api.factories import caller
from tests.core.factories import make_nomination, make_notification
from tests.factories import make_model, make_site, province, ward_of
from tests.reviews.factories import make_review

EXAMPLES = 25
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]


def _real_records(app) -> tuple[dict, object, object]:
    """Records of quang-tri to aim at; a read token (officer), a write token (admin) and a ministry token."""
    with app.app_context():
        model = make_model("quang-tri", "Camera an ninh Gio Linh", tags="camera")
        other = make_model("quang-tri", "Tổ tự quản", category="self_management", status="draft")
        site = make_site(model, ward_of(province("quang-tri")))
        review = make_review(model, date(2025, 1, 1), date(2025, 6, 30), values={"crimes_social_order": 4})
        draft = make_review(other, date(2025, 1, 1), date(2025, 6, 30), status="draft")
        nomination = make_nomination(model, "submitted")
        recognised = make_model("lam-dong", "Camera an ninh Lâm Đồng", recognised_year=2025)
        writer = caller("province_admin", "quang-tri", scope="write")
        reader = caller("officer", "quang-tri", scope="read")
        ministry = caller("ministry_admin", None, scope="read")
        notification = make_notification(writer.user_id, "review_due_soon:1", kind="review_due_soon")
        db.session.commit()
        ids = {"province": "quang-tri", "model_id": model.id, "site_id": site.id, "review_id": draft.id,
               "nomination_id": nomination.id, "ward_id": site.ward_id, "notification_id": notification.id}
        ids["_others"] = (other.id, review.id, recognised.id)
        return ids, (reader, writer, ministry)


def _aimed(operation, ids: dict):
    """Whatever the document allows (valid and invalid data), and valid data aimed at real records."""
    names = [p.name for p in operation.path_parameters]
    real = {name: ids[name] for name in names if name in ids}
    anything = [operation.as_strategy(), operation.as_strategy(generation_mode=GenerationMode.NEGATIVE)]
    if set(real) != set(names):
        return st.one_of(anything)
    headers = {"If-Match": "*"} if operation.get_parameter("If-Match", "header") is not None else None
    return st.one_of(*anything, operation.as_strategy(path_parameters=real, headers=headers))


def test_every_answer_is_declared_and_none_is_a_server_error(app):
    ids, callers = _real_records(app)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, headers=callers[0].headers)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 25
    for operation in operations:
        @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=_aimed(operation, ids))
        def exchange(case):
            for who in callers:
                response = case.call(headers=who.headers)
                case.validate_response(response, checks=CHECKS, headers=who.headers)

        exchange()
