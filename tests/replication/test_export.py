"""Exports of sites: filtered as on screen, written by a job, and safe to open in a spreadsheet."""
from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook
from sqlalchemy import func, select

from registry.export_jobs.models import ExportJob
from registry.extensions import db
from registry.movement.models import MovementModel
from registry.replication.models import SiteImport
from tests.conftest import province
from tests.export_jobs.factories import export_through_pages
from tests.factories import make_model, make_site, ward_of


def _data(app):
    with app.app_context():
        quang_tri = province("quang-tri")
        cameras = make_model(quang_tri)
        groups = make_model(quang_tri, name="Tổ liên gia tự quản", category="inter_family")
        make_site(cameras, ward_of(quang_tri, 0), sub_unit="=HYPERLINK(\"http://x\",\"bấm\")", notes="@SUM(A1)",
                  cameras=14, started_on=date(2024, 3, 5))
        make_site(cameras, ward_of(quang_tri, 1), sub_unit="+84 912", status="paused", notes="-tạm dừng")
        make_site(groups, ward_of(quang_tri, 2), sub_unit="Tổ 3")
        db.session.commit()
        return cameras.id, groups.id


def test_model_export_to_csv_neutralises_cells_and_translates_headers(app, client, login_as):
    login_as("viewer")
    cameras_id, _ = _data(app)
    _page, response = export_through_pages(client, f"/p/quang-tri/models/{cameras_id}/sites/export", "csv")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Mã điểm,Mô hình,Xã/phường/đặc khu (tên hoặc mã),")
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text and "'+84 912" in text and "'-tạm dừng" in text
    assert ",05/03/2024," in text and "\nNR-0000" in text
    assert "Tổ 3" not in text  # another model's site
    assert ",=" not in text and "\n=" not in text


def test_province_export_to_xlsx_follows_the_list_filters(app, client, login_as):
    login_as("officer")
    _data(app)
    page = client.get("/p/quang-tri/sites?status=active", headers={"HX-Request": "true"})
    assert "Tổ 3" in page.text and "+84 912" not in page.text
    assert 'action="/p/quang-tri/sites/export?status=active"' in page.text
    _page, response = export_through_pages(client, "/p/quang-tri/sites/export", "xlsx", {"status": "active"})
    assert response.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3  # header + the two active sites
    cells = [cell for row in rows for cell in row if isinstance(cell, str)]
    assert "'=HYPERLINK(\"http://x\",\"bấm\")" in cells
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_an_export_imports_into_another_model_with_its_settings_once_the_references_are_cleared(app, client,
                                                                                                   login_as):
    login_as("officer")
    cameras_id, _ = _data(app)
    with app.app_context():
        make_site(db.session.get(MovementModel, cameras_id), ward_of(province("quang-tri"), 3), sub_unit="Chợ Đông Hà",
                  setting="market")
        target = make_model(province("quang-tri"), name="Camera an ninh")  # same name, no sites yet
        db.session.commit()
        target_id = target.id
    exported = export_through_pages(client, f"/p/quang-tri/models/{cameras_id}/sites/export", "xlsx")[1].data

    def import_into(data):
        client.post(f"/p/quang-tri/models/{target_id}/sites/import",
                    data={"file": (io.BytesIO(data), "export.xlsx")}, content_type="multipart/form-data")
        with app.app_context():
            return db.session.scalars(select(SiteImport).order_by(SiteImport.id.desc())).first().rows

    refused = import_into(exported)  # the references are the other model's sites: an error each, never a write
    assert {code for row in refused for code, _params in row["errors"]} == {"other_model_site"}
    workbook = load_workbook(io.BytesIO(exported))
    for row in workbook.active.iter_rows(min_row=2):
        row[0].value = None
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = import_into(buffer.getvalue())
    assert [row["action"] for row in rows] == ["new", "new", "new"]
    assert sorted(row["values"]["status"] for row in rows) == ["active", "active", "paused"]
    assert "market" in [row["values"]["setting"] for row in rows]  # the export's "Địa bàn, môi trường áp dụng"


def test_officer_of_another_province_cannot_read_or_export_its_sites(app, client, login_as):
    cameras_id, _ = _data(app)
    login_as("province_admin", "lam-dong")
    for url in (f"/p/quang-tri/models/{cameras_id}/sites", "/p/quang-tri/sites", f"/p/lam-dong/models/{cameras_id}/sites"):
        assert client.get(url).status_code == 404, url
    for url in (f"/p/quang-tri/models/{cameras_id}/sites/export", "/p/quang-tri/sites/export",
                f"/p/lam-dong/models/{cameras_id}/sites/export"):
        assert client.post(url, data={"format": "csv"}).status_code == 404, url
    with app.app_context():
        assert db.session.scalar(select(func.count(ExportJob.id))) == 0
    own = export_through_pages(client, "/p/lam-dong/sites/export", "csv")[1].data.decode("utf-8-sig")
    assert len(own.splitlines()) == 1  # the header only: nothing of Quảng Trị
    with app.app_context():
        assert db.session.scalar(select(func.count(SiteImport.id))) == 0
