"""Bulk import of sites: preview with every row's problems, nothing written until confirmed."""
from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from registry.sheets import imports as sheet_imports
from registry import clock
from registry.audit.models import AuditEvent
from registry.extensions import db
from registry.movement.models import MovementModel
from registry.replication.models import ReplicationSite, SiteImport
from registry.tenants.models import Ward
from tests.conftest import province
from tests.factories import make_model, make_site

HEADER = ["Mô hình", "Xã/phường/đặc khu (tên hoặc mã)", "Đơn vị cơ sở (thôn, tổ dân phố, cơ quan, trường)",
          "Loại địa bàn", "Ngày bắt đầu (dd/mm/yyyy)", "Số tổ/đội", "Số thành viên", "Số hộ gia đình", "Số camera",
          "Trạng thái", "Ghi chú"]
NEXT_YEAR = f"01/01/{clock.today().year + 1}"
ROWS = [
    # line 2..: model, ward, sub-unit, setting, started on, teams, members, households, cameras, status, notes
    ["Camera an ninh", "Dong Hoi", "", "Khu dân cư", "15/03/2024", "1", "12", "1.200", "30", "Đang hoạt động", ""],
    ["", "18859", "Tổ 5", "", "2024-06-01", "", "", "", "8", "", ""],
    ["", "Xã Kim Phú", "Thôn 1", "Chợ", "01/02/2023", "2", "20", "", "", "Tạm dừng", "=HYPERLINK(\"x\")"],
    ["", "Xã Không Tồn Tại", "", "", "", "", "", "", "", "", ""],
    ["", "Phường Cam Ly - Đà Lạt", "", "", "", "", "", "", "", "", ""],
    ["", "Thị trấn Cam Đức, huyện Cam Lâm", "", "", "", "", "", "", "", "", ""],  # an old unit of Khánh Hòa
    ["", "Phường Đồng Thuận", "Tổ 9", "", "31/02/2024", "", "", "", "", "", ""],
    ["", "Phường Đồng Thuận", "Tổ 10", "", NEXT_YEAR, "", "", "", "", "", ""],
    ["", "Phường Đồng Thuận", "Tổ 11", "", "", "", "", "-5", "", "", ""],
    ["", "Phường Đồng Sơn", "", "", "", "", "", "", "", "", ""],
    ["", "phuong dong hoi", "", "", "", "", "", "", "", "", ""],
    ["Mô hình không có", "Phường Ba Đồn", "", "", "", "", "", "", "", "", ""],
    ["Tổ liên gia tự quản", "Xã Nam Gianh", "", "", "", "", "", "", "", "", ""],
]
EXPECTED_PROBLEMS = {
    5: "unknown_ward", 6: "ward_other_province", 7: "old_unit", 8: "bad_date", 9: "future_date", 10: "negative",
    12: "duplicate_row", 13: "unknown_model", 14: "other_model",
}


def csv_bytes(rows, delimiter=";", bom=True, header=HEADER) -> bytes:
    lines = [delimiter.join(f'"{cell}"' if delimiter in cell or '"' in cell else cell for cell in row)
             for row in [header, *rows]]
    text = "\r\n".join(line.replace('"x"', '""x""') for line in lines) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


def xlsx_bytes(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def model_id(app):
    with app.app_context():
        quang_tri = province("quang-tri")
        model = make_model(quang_tri)
        make_model(quang_tri, name="Tổ liên gia tự quản", category="inter_family")
        dong_son = db.session.scalar(select(Ward).where(Ward.name == "Phường Đồng Sơn"))
        make_site(model, dong_son)
        db.session.commit()
        return model.id


def upload(client, model_id, data: bytes, name="diem.csv"):
    return client.post(f"/p/quang-tri/models/{model_id}/sites/import",
                       data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def counts(app):
    with app.app_context():
        return (db.session.scalar(select(func.count(ReplicationSite.id))),
                db.session.scalar(select(func.count(SiteImport.id))))


def test_preview_lists_every_kind_of_bad_row_and_writes_nothing_until_confirmed(app, client, login_as, model_id):
    login_as("officer")
    response = upload(client, model_id, csv_bytes(ROWS))
    assert response.status_code == 302
    preview = client.get(response.headers["Location"])
    assert preview.status_code == 200 and "07/2025" in preview.text
    with app.app_context():
        pending = db.session.scalars(select(SiteImport)).one()
        found = {row["line"]: [code for code, _params in row["errors"]] for row in pending.rows}
        valid = [row["values"] for row in pending.rows if row["action"] == "new"]
        actions = {row["line"]: row["action"] for row in pending.rows}
    for line, code in EXPECTED_PROBLEMS.items():
        assert code in found[line], (line, found[line])
    assert [line for line, codes in found.items() if not codes] == [2, 3, 4, 11]
    assert [actions[line] for line in (2, 3, 4, 11)] == ["new", "new", "new", "updated"]  # 11: the Đồng Sơn site
    assert valid[0]["households"] == 1200 and valid[2]["status"] == "paused" and valid[2]["setting"] == "market"
    assert "Phường Đồng Sơn" in preview.text and "Sẽ là" in preview.text  # the first rows as they will be written
    assert counts(app) == (1, 1)  # only the site that was already there

    confirmed = client.post(f"/p/quang-tri/models/{model_id}/sites/import/{pending.id}/confirm")
    assert confirmed.status_code == 302
    with app.app_context():
        sites = db.session.scalars(select(ReplicationSite).order_by(ReplicationSite.id)).all()
        assert len(sites) == 4
        assert sites[1].ward.name == "Phường Đồng Hới" and sites[1].started_on == date(2024, 3, 15)
        assert sites[2].ward.code == 18859 and sites[3].status == "paused"
        imported = db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "site_imported"))
        assert imported == 3
        assert db.session.get(SiteImport, pending.id).status == "imported"
    assert client.post(f"/p/quang-tri/models/{model_id}/sites/import/{pending.id}/confirm").status_code == 409


def test_rows_naming_units_merged_in_2025_go_to_the_ward_that_took_them_in(app, client, login_as, model_id):
    login_as("officer")
    rows = [["", "Thị trấn Kiến Giang, huyện Lệ Thủy", "Tổ 1", "", "", "", "", "", "", "", ""],
            ["", "TT. Kiến Giang", "Tổ 2", "", "", "", "", "", "", "", ""],
            ["", "huyện Cồn Cỏ", "", "", "", "", "", "", "", "", ""]]
    preview = client.get(upload(client, model_id, csv_bytes(rows)).headers["Location"])
    assert "Đơn vị đã sáp nhập từ 07/2025" in preview.text
    assert "Thị trấn Kiến Giang, huyện Lệ Thủy" in preview.text and "Xã Lệ Thủy" in preview.text
    with app.app_context():
        pending = db.session.scalars(select(SiteImport)).one()
    client.post(f"/p/quang-tri/models/{model_id}/sites/import/{pending.id}/confirm")
    with app.app_context():
        sites = db.session.scalars(select(ReplicationSite).where(ReplicationSite.model_id == model_id)
                                   .order_by(ReplicationSite.id)).all()
        assert [(site.ward.name, site.sub_unit) for site in sites[1:]] == [
            ("Xã Lệ Thủy", "Tổ 1"), ("Xã Lệ Thủy", "Tổ 2"), ("Đặc khu Cồn Cỏ", "")]


def test_cancelling_an_import_writes_nothing(app, client, login_as, model_id):
    login_as("officer")
    upload(client, model_id, csv_bytes(ROWS[:3]))
    with app.app_context():
        import_id = db.session.scalar(select(SiteImport.id))
    client.post(f"/p/quang-tri/models/{model_id}/sites/import/{import_id}/cancel")
    assert client.post(f"/p/quang-tri/models/{model_id}/sites/import/{import_id}/confirm").status_code == 409
    assert counts(app)[0] == 1


@pytest.mark.parametrize("delimiter, bom", [(";", True), (",", False), (",", True), (";", False)])
def test_csv_with_or_without_bom_and_either_separator(app, client, login_as, model_id, delimiter, bom):
    login_as("officer")
    upload(client, model_id, csv_bytes(ROWS[:3], delimiter=delimiter, bom=bom))
    with app.app_context():
        pending = db.session.scalars(select(SiteImport)).one()
        assert [row["errors"] for row in pending.rows] == [[], [], []]
        assert pending.rows[0]["values"]["started_on"] == "2024-03-15"


def test_xlsx_import_with_real_dates_and_numbers(app, client, login_as, model_id):
    login_as("officer")
    rows = [["", "Xã Kim Điền", "Trường THCS Kim Điền", "Trường học", date(2022, 9, 5), 1, 15, None, 6, "", ""],
            ["", "Xa Dan Hoa", "", "", date(2099, 1, 1), -2, None, None, None, "", ""]]
    response = upload(client, model_id, xlsx_bytes(rows), name="diem.xlsx")
    assert response.status_code == 302
    with app.app_context():
        pending = db.session.scalars(select(SiteImport)).one()
        first, second = pending.rows
    assert first["errors"] == [] and first["values"]["setting"] == "school" and first["values"]["cameras"] == 6
    assert {code for code, _ in second["errors"]} == {"future_date", "negative"}


def test_english_headers_from_an_english_export_are_understood(app, client, login_as, model_id):
    login_as("officer")
    header = ["Ward (name or code)", "Sub-unit (village, residential group, agency, school)", "Started on (dd/mm/yyyy)",
              "Members", "Status"]
    upload(client, model_id, csv_bytes([["Xã Minh Hóa", "Thôn 3", "05/05/2021", "9", "Paused"]], ",", header=header))
    with app.app_context():
        [row] = db.session.scalars(select(SiteImport)).one().rows
    assert row["errors"] == [] and row["values"]["members"] == 9 and row["values"]["status"] == "paused"


@pytest.mark.parametrize("data, name, message", [
    (b"\x00\x01\x02garbage\xff\xfe" * 50, "diem.csv", "neither an Excel workbook"),
    ("Xã;Ghi chú\nXã Kim Phú;Thôn\n".encode("latin-1"), "diem.csv", "UTF-8"),
    (b"", "diem.csv", "empty"),
    (b"   \r\n", "diem.csv", "empty"),
    ("Xã/phường;Ghi chú\n".encode(), "diem.csv", "no rows under it"),
    ("Tên;Địa chỉ\nA;B\n".encode(), "diem.csv", "No column “Ward (name or code)” was found in the first 30 rows"),
    (b"PK\x03\x04not really a zip", "diem.xlsx", "damaged"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "diem.xls", ".xls"),
])
def test_unreadable_uploads_get_a_clear_error_and_change_nothing(app, client, login_as, model_id, data, name, message):
    login_as("officer")
    client.get("/p/quang-tri/")  # English interface for the assertion on the message
    with client.session_transaction() as session:
        session["locale"] = "en"
    with app.app_context():
        from registry.accounts.models import User

        db.session.execute(db.update(User).values(locale="en"))
        db.session.commit()
    response = upload(client, model_id, data, name)
    assert response.status_code == 200
    assert message in response.text
    assert counts(app) == (1, 0)


def test_an_oversized_upload_is_refused_and_changes_nothing(app, client, login_as, model_id, monkeypatch):
    login_as("officer")
    monkeypatch.setitem(app.config, "SITE_IMPORT_MAX_MB", 1)
    big = csv_bytes(ROWS[:1]) + b"Xa Kim Phu;" * (1024 * 1024 // 10)
    response = upload(client, model_id, big)
    assert response.status_code == 200 and "1 MB" in response.text
    assert counts(app) == (1, 0)


def test_large_files_are_checked_by_the_job_which_reports_progress(app, client, login_as, model_id, monkeypatch):
    login_as("officer")
    with app.app_context():
        wards = db.session.scalars(select(Ward.name).where(Ward.province_id == province("quang-tri").id)).all()
    rows = [["", wards[n % len(wards)], f"Tổ {n}", "", "", "", "", "", "", "", ""] for n in range(1200)]
    seen = []
    monkeypatch.setattr(sheet_imports, "PROGRESS_EVERY", 400)
    original_progress = sheet_imports._progress

    def watching_progress(import_id, processed, cls):
        original_progress(cls, import_id, processed)
        with db.engine.connect() as connection:  # what the polling page reads meanwhile
            seen.append(tuple(connection.execute(select(SiteImport.processed, SiteImport.total)).one()))

    monkeypatch.setattr(sheet_imports, "_progress", lambda cls, import_id, processed: watching_progress(
        import_id, processed, cls))
    upload(client, model_id, csv_bytes(rows))
    monkeypatch.undo()
    assert (400, 1200) in seen and (800, 1200) in seen
    with app.app_context():
        pending = db.session.scalars(select(SiteImport)).one()
        assert (pending.status, pending.processed, len(pending.rows)) == ("ready", 1200, 1200)


def test_the_import_page_polls_while_the_job_runs(app, client, login_as, model_id):
    login_as("officer")
    with app.app_context():
        pending = SiteImport(province_id=province("quang-tri").id, model_id=model_id, filename="lon.xlsx",
                             file_format="xlsx", status="parsing", total=20000, processed=5000)
        db.session.add(pending)
        db.session.commit()
        import_id = pending.id
    response = client.get(f"/p/quang-tri/models/{model_id}/sites/import/{import_id}", headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in response.text and 'value="25"' in response.text
    assert "<html" not in response.text


def test_a_file_still_waiting_in_the_queue_says_so_instead_of_zero_of_zero_rows(app, client, login_as, model_id):
    login_as("officer")
    with app.app_context():
        pending = SiteImport(province_id=province("quang-tri").id, model_id=model_id, filename="cho.csv",
                             file_format="csv", status="parsing")
        db.session.add(pending)
        db.session.commit()
        import_id = pending.id
    page = client.get(f"/p/quang-tri/models/{model_id}/sites/import/{import_id}").text
    assert "Tệp đang chờ đến lượt kiểm tra" in page
    assert '<progress id="import-progress" max="100"></progress>' in page  # moving, promising no figure
    assert "0/0" not in page


def test_the_template_files_have_the_vietnamese_headers(client, login_as):
    login_as("viewer")
    csv_file = client.get("/p/quang-tri/sites/import-template?format=csv")
    assert csv_file.data.decode("utf-8-sig").startswith("Mã điểm,Mô hình,Xã/phường/đặc khu (tên hoặc mã),")
    xlsx_file = client.get("/p/quang-tri/sites/import-template?format=xlsx")
    from openpyxl import load_workbook

    header = next(load_workbook(io.BytesIO(xlsx_file.data)).active.iter_rows(values_only=True))
    assert header[:3] == ("Mã điểm", "Mô hình", "Xã/phường/đặc khu (tên hoặc mã)") and "Camera" in header


def test_officer_of_another_province_cannot_import_into_its_models(app, client, login_as, model_id):
    login_as("officer", "lam-dong")
    assert upload(client, model_id, csv_bytes(ROWS[:1])).status_code == 404
    assert client.post(f"/p/lam-dong/models/{model_id}/sites/import",
                       data={"file": (io.BytesIO(csv_bytes(ROWS[:1])), "a.csv")}).status_code == 404
    assert counts(app) == (1, 0)
    with app.app_context():
        assert db.session.get(MovementModel, model_id) is not None
