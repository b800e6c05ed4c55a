"""The province's list of models: filters in the URL, diacritic-blind search, figures, export."""
from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import event

from registry import clock
from registry.extensions import db
from registry.replication.models import ReplicationSite
from tests.conftest import province
from tests.export_jobs.factories import export_through_pages
from tests.movement.factories import first_ward

LIST = "/p/quang-tri/models/"
EXPORT = "/p/quang-tri/models/export"


def _names(response) -> set[str]:
    """The models listed (as links), not the same words in a filter's options."""
    return {name for name in ("5 tự quản", "Camera an ninh", "Tổ liên gia tự quản", "Quỹ phòng chống tội phạm")
            if f">{name}</a>" in response.text}


@pytest.fixture
def four_models(make_model):
    yesterday = clock.today() - timedelta(days=1)
    return {
        "five": make_model(name="5 tự quản", category="self_management", tags="an ninh trật tự"),
        "camera": make_model(name="Camera an ninh", category="cameras", tags="camera, giám sát",
                             next_review_due_on=yesterday),
        "family": make_model(name="Tổ liên gia tự quản", category="inter_family", status="suspended",
                             recognised_year=2022),
        "fund": make_model(name="Quỹ phòng chống tội phạm", category="other", target_setting="enterprise",
                           tags="quỹ, đóng góp"),
    }


@pytest.mark.parametrize("query, expected", [
    ("tu quan", {"5 tự quản", "Tổ liên gia tự quản"}),
    ("TỰ QUẢN", {"5 tự quản", "Tổ liên gia tự quản"}),
    ("camera an ninh", {"Camera an ninh"}),
    ("giam sat", {"Camera an ninh"}),  # a tag
    ("100%", set()),
])
def test_search_ignores_diacritics_and_case_on_names_and_tags(client, login_as, four_models, query, expected):
    login_as("viewer")
    response = client.get(LIST, query_string={"q": query})
    assert response.status_code == 200 and _names(response) == expected


@pytest.mark.parametrize("args, expected", [
    ({"category": "cameras"}, {"Camera an ninh"}),
    ({"status": "suspended"}, {"Tổ liên gia tự quản"}),
    ({"setting": "enterprise"}, {"Quỹ phòng chống tội phạm"}),
    ({"recognised": "yes"}, {"Tổ liên gia tự quản"}),
    ({"recognised": "no"}, {"5 tự quản", "Camera an ninh", "Quỹ phòng chống tội phạm"}),
    ({"overdue": "1"}, {"Camera an ninh"}),
    ({"q": "tu quan", "status": "active"}, {"5 tự quản"}),
    ({"category": "not-a-category"}, {"5 tự quản", "Camera an ninh", "Tổ liên gia tự quản", "Quỹ phòng chống tội phạm"}),
])
def test_filters_narrow_the_list(client, login_as, four_models, args, expected):
    login_as("officer")
    assert _names(client.get(LIST, query_string=args)) == expected


def test_origin_ward_filter(app, client, login_as, make_model):
    with app.app_context():
        ward = first_ward(province("quang-tri")).id
    make_model(name="Camera an ninh", origin_ward_id=ward)
    make_model(name="5 tự quản")
    login_as("officer")
    response = client.get(LIST, query_string={"ward": ward})
    assert _names(response) == {"Camera an ninh"}
    assert f'value="{ward}" checked' in response.text  # the picker shows the chosen ward


def test_htmx_request_gets_only_the_results_and_the_page_keeps_filters_in_its_form(client, login_as, four_models):
    login_as("officer")
    fragment = client.get(LIST, query_string={"q": "tu quan"}, headers={"HX-Request": "true"})
    assert 'id="model-results"' in fragment.text and "<html" not in fragment.text
    assert "HX-Request" in fragment.headers["Vary"]
    page = client.get(LIST, query_string={"q": "tu quan", "category": "inter_family"})
    assert 'value="tu quan"' in page.text and 'value="inter_family" selected' in page.text
    assert 'hx-push-url="true"' in page.text


def test_sorting_and_pagination(client, login_as, make_model):
    for number in range(30):
        make_model(name=f"Mô hình {number:02d}")
    login_as("officer")
    first = client.get(LIST)
    assert "Mô hình 00" in first.text and "Mô hình 29" not in first.text
    assert "page=2" in first.text
    assert "Mô hình 29" in client.get(LIST, query_string={"page": 2}).text
    assert "Mô hình 29" in client.get(LIST, query_string={"sort": "-name"}).text


def test_figures_per_model_and_province_coverage(app, client, login_as, make_model):
    model_id = make_model(name="Camera an ninh")
    with app.app_context():
        qt = province("quang-tri")
        wards = [w.id for w in qt.wards[:2]]
        for ward in wards + wards[:1]:
            db.session.add(ReplicationSite(province_id=qt.id, model_id=model_id, ward_id=ward))
        db.session.commit()
        total = len(qt.wards)
    login_as("officer")
    response = client.get(LIST)
    assert '<td data-label="Điểm đang hoạt động">3</td>' in response.text or ">3</td>" in response.text
    assert f"2 / {total}" in response.text


def test_the_list_costs_the_same_number_of_queries_for_3_or_25_models(app, client, login_as, make_model):
    login_as("officer")

    def count_queries() -> int:
        statements = []

        def listener(*args):
            statements.append(args[2])

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get(LIST).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(statements)

    with app.app_context():
        ward = first_ward(province("quang-tri")).id
    for number in range(3):
        make_model(name=f"Mô hình {number}", origin_ward_id=ward)
    few = count_queries()
    for number in range(3, 25):
        make_model(name=f"Mô hình {number}", origin_ward_id=ward)
    assert count_queries() == few


def test_csv_export_follows_the_filters_translates_headers_and_neutralises_formulas(client, login_as, make_model):
    make_model(name="=HYPERLINK(\"http://evil\")", tags="@cmd", launched_on=date(2023, 3, 9))
    make_model(name="Camera an ninh")
    make_model(name="5 tự quản", category="self_management")
    login_as("officer")
    _page, response = export_through_pages(client, EXPORT, "csv", {"category": "cameras"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:2] == ["Mã mô hình", "Tên"]
    column = {name: position for position, name in enumerate(rows[0])}
    names = {row[1] for row in rows[1:]}
    assert names == {"'=HYPERLINK(\"http://evil\")", "Camera an ninh"}
    assert "'@cmd" in {row[column["Từ khóa"]] for row in rows[1:]}
    assert "09/03/2023" in {row[column["Ngày triển khai"]] for row in rows[1:]}  # launched on, dd/mm/yyyy


def test_xlsx_export_is_a_workbook_with_neutralised_cells(client, login_as, make_model):
    make_model(name="+SUM(1,2)", tags="-1")
    make_model(name="Tổ tuần tra 8394")
    login_as("viewer")
    _page, response = export_through_pages(client, EXPORT, "xlsx", {"q": "to tuan tra"})
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Tên" and [row[1] for row in rows[1:]] == ["Tổ tuần tra 8394"]
    assert sheet.freeze_panes == "A2"
    _page, everything = export_through_pages(client, EXPORT, "xlsx")
    cells = [row[1] for row in load_workbook(io.BytesIO(everything.get_data())).active.iter_rows(values_only=True)]
    assert "'+SUM(1,2)" in cells


def test_officer_of_another_province_cannot_list_or_export_our_models(client, login_as, make_model):
    make_model("quang-tri", name="Camera an ninh ngõ xóm")
    login_as("officer", "lam-dong")
    assert client.get(LIST).status_code == 404
    assert client.post("/p/quang-tri/models/export", data={"format": "csv"}).status_code == 404
    _page, own = export_through_pages(client, "/p/lam-dong/models/export")
    assert "ngõ xóm" not in own.get_data(as_text=True)
    assert "ngõ xóm" not in client.get("/p/lam-dong/models/", query_string={"q": "camera"}).text
