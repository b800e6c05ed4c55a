"""What a province's officers and admins see and do on the nomination pages."""
from __future__ import annotations

import io
import re

from registry import clock

from sqlalchemy import select

from registry.extensions import db
from registry.movement.models import Attachment
from registry.nominations.models import APPROVED, SUBMITTED, Nomination
from registry.outbox.models import Notification
from tests.factories import make_model, province
from tests.nominations.factories import eligible_model, make_nomination, make_round

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _nomination(app, status="draft", slug="quang-tri", eligible=True, **fields):
    with app.app_context():
        place = province(slug)
        model = eligible_model(place, **fields) if eligible else make_model(place, status="draft", **fields)
        nomination = make_nomination(model, status=status)
        db.session.commit()
        return nomination.id, model.id


def _status(app, nomination_id):
    with app.app_context():
        return db.session.get(Nomination, nomination_id).status


def test_an_admin_submits_and_every_ministry_reviewer_is_told(app, client, login_as, make_user):
    reviewers = [make_user("ministry_reviewer"), make_user("ministry_reviewer")]
    login_as("province_admin")
    nomination_id, _ = _nomination(app)
    response = client.post(f"/p/quang-tri/nominations/{nomination_id}/submit", data={"confirmed": "yes"},
                           follow_redirects=True)
    assert response.status_code == 200
    assert _status(app, nomination_id) == SUBMITTED
    with app.app_context():
        told = db.session.scalars(select(Notification).where(Notification.kind == "nomination_submitted")).all()
        assert sorted(n.user_id for n in told) == sorted(r.id for r in reviewers)
        assert told[0].link == f"/ministry/nominations/{nomination_id}"


def test_an_officer_gets_403_on_submit_and_withdraw(app, client, login_as):
    login_as("officer")
    nomination_id, _ = _nomination(app)
    assert client.post(f"/p/quang-tri/nominations/{nomination_id}/submit").status_code == 403
    assert client.post(f"/p/quang-tri/nominations/{nomination_id}/withdraw").status_code == 403
    assert _status(app, nomination_id) == "draft"


def test_the_eligibility_check_lists_what_is_missing_with_links(app, client, login_as):
    login_as("officer")
    nomination_id, model_id = _nomination(app, eligible=False)
    page = client.get(f"/p/quang-tri/nominations/{nomination_id}").get_data(as_text=True)
    assert 'id="eligibility"' in page
    assert page.count('class="checklist__missing"') == 3  # not active, no review, no site
    links = re.findall(r'class="checklist__missing">[^<]*<a href="([^"]+)"', page)
    base = f"/p/quang-tri/models/{model_id}"
    assert links == [f"{base}#status-panel", f"{base}/reviews/new", f"{base}/sites"]


def test_every_fix_it_link_opens_a_page_showing_what_it_names(app, client, login_as):
    """Not an anchor into a panel the model page loads later, which the browser cannot scroll to."""
    login_as("officer")
    with app.app_context():
        model = make_model(province("quang-tri"), status="draft")
        nomination_id = make_nomination(model, statement="").id
        db.session.commit()
    page = client.get(f"/p/quang-tri/nominations/{nomination_id}").get_data(as_text=True)
    links = re.findall(r'class="checklist__missing">[^<]*<a href="([^"]+)"', page)
    expected = ["status-panel", "review-form", "sites-panel", "statement"]
    assert len(links) == len(expected)
    for link, element_id in zip(links, expected):
        path = link.split("#")[0]
        target = client.get(path)
        assert target.status_code == 200, link
        assert target.get_data(as_text=True).count(f'id="{element_id}"') == 1, link


def test_an_illegal_move_is_refused_with_a_clear_message(app, client, login_as):
    login_as("province_admin")
    nomination_id, _ = _nomination(app, status=APPROVED)
    page = client.post(f"/p/quang-tri/nominations/{nomination_id}/withdraw", data={"confirmed": "yes"},
                       follow_redirects=True)
    assert page.status_code == 200
    assert "flash--error" in page.get_data(as_text=True)
    assert _status(app, nomination_id) == APPROVED


def test_an_officer_prepares_a_nomination_from_the_model_panel(app, client, login_as):
    login_as("officer")
    with app.app_context():
        make_round(name="Đợt xét công nhận năm 2026")
        model_id = eligible_model(province("quang-tri")).id
        db.session.commit()
    panel = client.get(f"/p/quang-tri/models/{model_id}/nominations", headers={"HX-Request": "true"})
    assert panel.status_code == 200 and "<html" not in panel.get_data(as_text=True)
    assert "model-nominations" in panel.get_data(as_text=True)
    assert "Đợt xét công nhận năm 2026" in panel.get_data(as_text=True)
    assert "<html" in client.get(f"/p/quang-tri/models/{model_id}/nominations").get_data(as_text=True)
    response = client.post(f"/p/quang-tri/models/{model_id}/nominations")
    assert response.status_code == 302 and "/p/quang-tri/nominations/" in response.headers["Location"]
    again = client.post(f"/p/quang-tri/models/{model_id}/nominations")
    assert again.headers["Location"] == response.headers["Location"]  # the open one, not a second
    with app.app_context():
        assert len(db.session.scalars(select(Nomination)).all()) == 1


def test_the_list_filters_by_state(app, client, login_as):
    login_as("viewer")
    _nomination(app, name="Mô hình nháp")
    _nomination(app, status=SUBMITTED, name="Mô hình đã gửi")
    page = client.get("/p/quang-tri/nominations/?state=submitted").get_data(as_text=True)
    assert "Mô hình đã gửi" in page and "Mô hình nháp" not in page


def test_a_pdf_is_attached_and_downloaded_but_a_disguised_file_is_refused(app, client, login_as):
    login_as("officer")
    nomination_id, _ = _nomination(app)
    url = f"/p/quang-tri/nominations/{nomination_id}/attachments"
    client.post(url, data={"file": (io.BytesIO(PDF), "Quyết định số 12.pdf")}, content_type="multipart/form-data")
    refused = client.post(url, data={"file": (io.BytesIO(b"<script>x</script>"), "fake.pdf")},
                          content_type="multipart/form-data", follow_redirects=True)
    assert "flash--error" in refused.get_data(as_text=True)
    with app.app_context():
        files = db.session.scalars(select(Attachment)).all()
        assert [(f.filename, f.content_type) for f in files] == [("Quyết định số 12.pdf", "application/pdf")]
        file_id = files[0].id
    download = client.get(f"{url}/{file_id}")
    assert download.status_code == 200 and download.data == PDF


def test_another_provinces_file_is_404_even_with_the_right_ids(app, client, login_as):
    nomination_id, _ = _nomination(app, slug="lam-dong")
    with app.app_context():
        from tests.nominations.factories import make_attachment

        attachment_id = make_attachment(db.session.get(Nomination, nomination_id)).id
        db.session.commit()
    login_as("province_admin", "quang-tri")
    assert client.get(f"/p/quang-tri/nominations/{nomination_id}/attachments/{attachment_id}").status_code == 404
    assert client.get(f"/p/lam-dong/nominations/{nomination_id}/attachments/{attachment_id}").status_code == 404


def test_a_viewer_reads_but_cannot_comment(app, client, login_as):
    login_as("viewer")
    nomination_id, _ = _nomination(app)
    assert client.get(f"/p/quang-tri/nominations/{nomination_id}").status_code == 200
    assert client.post(f"/p/quang-tri/nominations/{nomination_id}/comments", data={"body": "x"}).status_code == 403


def test_a_ministry_reviewer_reads_the_province_pages_and_changes_nothing(app, client, login_as):
    nomination_id, model_id = _nomination(app)
    login_as("ministry_reviewer", None)
    page = client.get(f"/p/quang-tri/nominations/{nomination_id}")
    assert page.status_code == 200 and 'action="/p/quang-tri/nominations/%d/statement"' % nomination_id not in page.text
    assert client.post(f"/p/quang-tri/nominations/{nomination_id}/statement", data={"statement": "x"}).status_code == 403
    assert client.get(f"/p/quang-tri/models/{model_id}/nominations").status_code == 200


def test_submitted_dossiers_stay_readable_on_the_province_side(app, client, login_as):
    login_as("viewer")
    nomination_id, _ = _nomination(app, status=SUBMITTED, name="Tổ liên gia tự quản")
    with app.app_context():
        dossier_id = db.session.get(Nomination, nomination_id).current_dossier.id
    page = client.get(f"/p/quang-tri/nominations/{nomination_id}/dossiers/{dossier_id}")
    assert page.status_code == 200 and "Tổ liên gia tự quản" in page.get_data(as_text=True)


def test_the_panel_names_each_unmet_rule_with_a_link_before_any_nomination(app, client, login_as):
    login_as("officer")
    with app.app_context():
        make_round()
        model = eligible_model(province("quang-tri"))
        model.last_rating = None
        model.activated_on = model.launched_on = clock.today()
        model_id = model.id
        db.session.commit()
    panel = client.get(f"/p/quang-tri/models/{model_id}/nominations").get_data(as_text=True)
    assert 'id="nomination-eligibility"' in panel and "ít nhất 12 tháng" in panel
    assert "Lập hồ sơ đề cử" not in panel
    refused = client.post(f"/p/quang-tri/models/{model_id}/nominations", follow_redirects=True)
    assert "flash--error" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Nomination)).all() == []


def test_without_an_open_round_nothing_can_be_nominated(app, client, login_as):
    login_as("officer")
    with app.app_context():
        model_id = eligible_model(province("quang-tri")).id
        db.session.commit()
    panel = client.get(f"/p/quang-tri/models/{model_id}/nominations").get_data(as_text=True)
    assert "Chưa có đợt nào đang mở" in panel
