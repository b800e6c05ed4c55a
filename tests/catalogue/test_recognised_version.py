"""The catalogue shows the text the ministry recognised, with its decision, and notes later edits."""
from __future__ import annotations

from datetime import date

from registry.extensions import db
from registry.nominations import service
from registry.nominations.models import APPROVED, UNDER_REVIEW, Nomination
from registry.tenants.scoping import national_scope
from tests.factories import province
from tests.nominations.factories import assign, eligible_model, make_account, make_assessment, make_document, make_nomination


def _recognised(app) -> int:
    with app.test_request_context(), national_scope():
        model = eligible_model(province("quang-tri"), name="Camera an ninh Gio Linh")
        nomination = make_nomination(model, status=UNDER_REVIEW)
        reviewers = [make_account("ministry_reviewer") for _ in range(2)]
        assign(nomination, *reviewers)
        for reviewer in reviewers:
            make_assessment(nomination, reviewer.id)
        document = make_document(number="2211/QĐ-BCA-V05")
        service.decide(nomination, reviewers[0], APPROVED, "Hiệu quả rõ.", document.number, date(2026, 5, 1),
                       document=document)
        db.session.commit()
        return model.id


def test_the_catalogue_keeps_the_recognised_text_after_the_province_edits_it(app, client, login_as):
    model_id = _recognised(app)
    login_as("officer", "lam-dong")
    before = client.get(f"/catalogue/{model_id}").get_data(as_text=True)
    assert 'id="recognised-version"' in before and "2211/QĐ-BCA-V05" in before and "01/05/2026" in before
    assert 'id="changed-since"' not in before
    with app.app_context(), national_scope():
        model = db.session.get(Nomination, 1).model
        model.summary = "Mô tả do tỉnh sửa sau khi được công nhận."
        db.session.commit()
    after = client.get(f"/catalogue/{model_id}").get_data(as_text=True)
    assert "Lắp camera giám sát tại các ngõ, xóm." in after
    assert "Mô tả do tỉnh sửa sau khi được công nhận." not in after
    assert 'id="changed-since"' in after and f'href="/catalogue/{model_id}?version=current"' in after
    current = client.get(f"/catalogue/{model_id}?version=current").get_data(as_text=True)
    assert "Mô tả do tỉnh sửa sau khi được công nhận." in current
