"""Ended models stay visible nationally as lessons; a province may keep its notes internal."""
from __future__ import annotations

from datetime import date

from registry.extensions import db
from registry.movement.models import MovementModel
from tests.factories import make_model, province
from tests.nominations.factories import make_review


def _ended(app, name="Tổ an ninh bến xe", slug="quang-tri", reason="ineffective", **fields):
    with app.app_context():
        model = make_model(slug, name, status="ended", end_reason=reason, ended_on=date(2026, 2, 1),
                           end_reason_text="Không duy trì được lực lượng tham gia.", **fields)
        review = make_review(model, period_end=date(2025, 12, 31))
        review.rating, review.recommendation, review.findings = "weak", "end", "Tội phạm không giảm; ít người tham gia."
        db.session.commit()
        return model.id


def test_an_officer_of_another_province_finds_an_ineffective_model(app, client, login_as):
    model_id = _ended(app)
    with app.app_context():
        make_model("quang-tri", "Camera an ninh đang chạy")
        db.session.commit()
    login_as("officer", "lam-dong")
    page = client.get("/lessons/").get_data(as_text=True)
    lesson = page.split(f'id="lesson-{model_id}"')[1].split("</article>")[0]
    assert "Tổ an ninh bến xe" in lesson and "Quảng Trị" in lesson and "Không hiệu quả" in lesson
    assert "Tội phạm không giảm; ít người tham gia." in lesson and "Không duy trì được lực lượng" in lesson
    assert "Camera an ninh đang chạy" not in page
    assert "Keep the notes internal" not in lesson and "Không chia sẻ ghi chú" not in lesson  # not theirs


def test_lessons_filter_like_the_catalogue(app, client, login_as):
    _ended(app)
    _ended(app, "Mô hình sáp nhập", slug="lam-dong", reason="merged")
    login_as("officer", "lam-dong")
    only = client.get("/lessons/?reason=ineffective").get_data(as_text=True)
    assert "Tổ an ninh bến xe" in only and "Mô hình sáp nhập" not in only
    folded = client.get("/lessons/?q=ben+xe").get_data(as_text=True)
    assert "Tổ an ninh bến xe" in folded and "Mô hình sáp nhập" not in folded
    by_province = client.get("/lessons/?province=lam-dong").get_data(as_text=True)
    assert "Mô hình sáp nhập" in by_province and "Tổ an ninh bến xe" not in by_province


def test_the_province_keeps_its_notes_internal(app, client, login_as):
    model_id = _ended(app)
    login_as("officer", "quang-tri")
    client.post(f"/p/quang-tri/models/{model_id}/lesson-notes", data={"withheld": "yes"})
    with app.app_context():
        from registry.tenants.scoping import national_scope

        with national_scope():
            assert db.session.get(MovementModel, model_id).lesson_notes_withheld is True
    login_as("officer", "lam-dong")
    page = client.get("/lessons/").get_data(as_text=True)
    assert "Không duy trì được lực lượng" not in page and "Tội phạm không giảm" in page


def test_a_viewer_cannot_withhold_and_a_running_model_is_no_lesson(app, client, login_as):
    model_id = _ended(app)
    login_as("viewer", "quang-tri")
    assert client.post(f"/p/quang-tri/models/{model_id}/lesson-notes", data={"withheld": "yes"}).status_code == 403
    with app.app_context():
        running = make_model(province("quang-tri"), "Đang chạy").id
        db.session.commit()
    login_as("officer", "quang-tri")
    assert client.post(f"/p/quang-tri/models/{running}/lesson-notes", data={"withheld": "yes"}).status_code == 404


def test_lessons_need_sign_in(client):
    response = client.get("/lessons/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
