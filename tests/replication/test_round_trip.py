"""Sites both ways: export, edit in Excel, import back — updates, not duplicates — and files as officers keep them."""
from __future__ import annotations

import io
import tracemalloc
import zipfile
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from registry.audit.models import AuditEvent
from registry.extensions import db
from registry.movement.models import MovementModel
from registry.replication.models import ReplicationSite, SiteImport
from tests.conftest import province
from tests.export_jobs.factories import export_through_pages
from tests.factories import make_model, make_site, ward_of


@pytest.fixture
def model_id(app):
    with app.app_context():
        quang_tri = province("quang-tri")
        model = make_model(quang_tri)
        make_site(model, ward_of(quang_tri, 0), sub_unit="Thôn 1", members=12, setting="school",
                  started_on=date(2024, 3, 5))
        make_site(model, ward_of(quang_tri, 1), sub_unit="Tổ 2", members=7)
        make_site(model, ward_of(quang_tri, 2), sub_unit="Tổ 3", members=3)
        db.session.commit()
        return model.id


def upload(client, model_id, data: bytes, name="diem.xlsx"):
    return client.post(f"/p/quang-tri/models/{model_id}/sites/import",
                       data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def latest(app) -> SiteImport:
    with app.app_context():
        pending = db.session.scalars(select(SiteImport).order_by(SiteImport.id.desc())).first()
        pending.rows  # noqa: B018 - loaded before the session closes
        return pending


def saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sites(app, model_id):
    with app.app_context():
        return db.session.execute(select(ReplicationSite.sub_unit, ReplicationSite.members, ReplicationSite.status)
                                  .where(ReplicationSite.model_id == model_id).order_by(ReplicationSite.id)).all()


def test_an_edited_export_updates_its_sites_shows_the_changes_and_records_them(app, client, login_as, model_id):
    login_as("officer")
    exported = export_through_pages(client, f"/p/quang-tri/models/{model_id}/sites/export", "xlsx")[1].data
    workbook = load_workbook(io.BytesIO(exported))
    sheet = workbook.active
    assert sheet.freeze_panes == "A2" and sheet.column_dimensions["C"].width > 20
    header = [cell.value for cell in sheet[1]]
    members, status = header.index("Thành viên") + 1, header.index("Trạng thái") + 1
    line = {sheet.cell(row=n, column=5).value: n for n in range(2, 5)}
    sheet.cell(row=line["Thôn 1"], column=members).value = 15          # 12 → 15
    sheet.cell(row=line["Tổ 2"], column=status).value = "Tạm dừng"     # active → paused
    sheet.append([None, "Camera an ninh", sheet.cell(row=4, column=3).value, None, "Tổ 9", None, "02/01/2025", 1, 4])
    response = upload(client, model_id, saved(workbook))
    preview = client.get(response.headers["Location"]).text
    pending = latest(app)
    by_line = {row["line"]: row for row in pending.rows}
    assert by_line[line["Thôn 1"]]["changes"] == {"members": [12, 15]}
    assert by_line[line["Tổ 2"]]["changes"] == {"status": ["active", "paused"]}
    assert by_line[line["Tổ 3"]]["action"] == "unchanged" and by_line[5]["action"] == "new"
    assert "Những bản ghi không có trong tệp" in preview  # rows absent change nothing, and it says so
    assert "Nhập: 1 mới, 2 thay đổi" in preview
    assert [header for header, _field in pending.layout["matched"]][:3] == ["Mã điểm", "Mô hình",
                                                                            "Xã/phường/đặc khu (tên hoặc mã)"]

    confirmed = client.post(f"/p/quang-tri/models/{model_id}/sites/import/{pending.id}/confirm")
    assert confirmed.status_code == 302
    assert sites(app, model_id) == [("Thôn 1", 15, "active"), ("Tổ 2", 7, "paused"), ("Tổ 3", 3, "active"),
                                    ("Tổ 9", 4, "active")]
    with app.app_context():
        changes = db.session.scalars(select(AuditEvent.changes).where(AuditEvent.action == "site_updated")
                                     .order_by(AuditEvent.id)).all()
        assert sorted(({k: v for k, v in c.items() if k != "model"} for c in changes), key=str) == [
            {"members": [12, 15]}, {"status": ["active", "paused"]}]
    page = client.get(f"/p/quang-tri/models/{model_id}").text
    assert "15" in page and "Tạm dừng" in client.get(f"/p/quang-tri/models/{model_id}/sites").text

    # The same file once more: everything is as the file says, Tổ 9 found again by ward and sub-unit.
    upload(client, model_id, saved(workbook))
    assert {row["action"] for row in latest(app).rows} == {"unchanged"}
    assert len(sites(app, model_id)) == 4


def test_a_row_without_reference_matches_its_site_by_ward_and_sub_unit(app, client, login_as, model_id):
    login_as("officer")
    with app.app_context():
        ward = ward_of(province("quang-tri"), 1).name
    workbook = Workbook()
    workbook.active.append(["Xã/phường", "Thôn, tổ dân phố", "Số thành viên"])
    workbook.active.append([ward.replace("Phường ", "").replace("Xã ", ""), "tổ 2", "1.234"])
    upload(client, model_id, saved(workbook))
    [row] = latest(app).rows
    assert row["action"] == "updated" and row["changes"] == {"members": [7, 1234]}


def test_references_of_another_model_or_province_are_errors_never_writes(app, client, login_as, model_id):
    login_as("officer")
    with app.app_context():
        other = make_model(province("quang-tri"), name="Tổ liên gia tự quản", category="inter_family")
        foreign = make_site(make_model(province("lam-dong"), name="Mô hình Lâm Đồng"))
        theirs = make_site(other, ward_of(province("quang-tri"), 5))
        db.session.commit()
        ids = theirs.id, foreign.id
    workbook = Workbook()
    workbook.active.append(["Mã điểm", "Xã/phường", "Số thành viên"])
    workbook.active.append([f"NR-{ids[0]:06d}", "", 99])
    workbook.active.append([f"NR-{ids[1]:06d}", "", 99])
    workbook.active.append(["ABC", "", 99])
    upload(client, model_id, saved(workbook))
    codes = [[code for code, _ in row["errors"]] for row in latest(app).rows]
    assert codes == [["other_model_site"], ["unknown_reference"], ["bad_reference"]]
    preview = client.get(f"/p/quang-tri/models/{model_id}/sites/import/{latest(app).id}").text
    assert "là điểm của mô hình “Tổ liên gia tự quản”" in preview
    assert "Lâm Đồng" not in preview
    with app.app_context():
        assert db.session.scalar(select(func.max(ReplicationSite.members))) == 12


def _titled_sheet() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["CÔNG AN TỈNH QUẢNG TRỊ"])
    sheet.merge_cells("A1:E1")
    sheet.append(["DANH SÁCH ĐỊA BÀN NHÂN RỘNG MÔ HÌNH CAMERA AN NINH"])
    sheet.merge_cells("A2:E2")
    sheet.append([])
    sheet.append(["STT", "Xã, phường", "Thôn, tổ dân phố", "Ngày triển khai", "Số camera", "Người lập"])
    sheet.append([1, "Xã Kim Phú", "Thôn Bắc", 45000, "1.200", "Nguyễn Văn A"])
    sheet.append([2, "Xã Kim Phú", "Thôn Nam", "2024-06-01", 3, None])
    return saved(workbook)


def test_title_rows_and_merged_cells_above_the_header_are_skipped(app, client, login_as, model_id):
    login_as("officer")
    response = upload(client, model_id, _titled_sheet())
    assert response.status_code == 302
    pending = latest(app)
    assert pending.layout["header_line"] == 4
    assert pending.layout["unmatched"] == ["STT", "Người lập"]
    first, second = pending.rows
    assert (first["line"], second["line"]) == (5, 6)  # the rows Excel shows
    assert first["values"]["sub_unit"] == "Thôn Bắc" and first["values"]["cameras"] == 1200
    assert first["values"]["started_on"] == "2023-03-15"  # an Excel serial day
    assert second["values"]["started_on"] == "2024-06-01"
    page = client.get(response.headers["Location"]).text
    assert "STT" in page and "Không phải cột của tệp mẫu" in page


@pytest.mark.parametrize("encoding, delimiter", [("utf-16", "\t"), ("utf-16", ";"), ("utf-8-sig", ";"),
                                                 ("utf-16-le", ",")])
def test_utf16_and_semicolon_csv_with_control_characters_are_read(app, client, login_as, model_id, encoding,
                                                                   delimiter):
    login_as("officer")
    lines = ["Xã/phường/đặc khu (tên hoặc mã)", "Đơn vị cơ sở", "Ngày bắt đầu", "Số thành viên", "Ghi chú"]
    rows = [lines, ["Xã Kim Phú", "Thôn\x00 Đông", "05/02/2024", "1.234", "dán từ\x0b Word\x00"],
            ["Xã Kim Điền", "Trường\x07 THCS", "2023-09-05", "12", ""]]
    text = "\r\n".join(delimiter.join(row) for row in rows)
    response = upload(client, model_id, text.encode(encoding), "diem.csv")
    assert response.status_code == 302, response.text
    first, second = latest(app).rows
    assert first["errors"] == [] and first["values"]["sub_unit"] == "Thôn Đông"
    assert first["values"]["notes"] == "dán từ Word" and first["values"]["members"] == 1234
    assert second["values"]["sub_unit"] == "Trường THCS" and second["values"]["started_on"] == "2023-09-05"


def test_nul_bytes_never_reach_the_database(app, client, login_as, model_id):
    """On PostgreSQL a NUL in text is refused by the server: the confirmation must not carry one."""
    login_as("officer")
    csv_file = "Xã/phường;Đơn vị cơ sở;Ghi chú\r\nXã Kim Phú;Thôn\x00 Tây;a\x00b\r\n".encode()
    assert b"\x00" in csv_file[:4096]
    upload(client, model_id, csv_file, "diem.csv")
    pending = latest(app)
    assert client.post(f"/p/quang-tri/models/{model_id}/sites/import/{pending.id}/confirm").status_code == 302
    with app.app_context():
        site = db.session.scalars(select(ReplicationSite).where(ReplicationSite.sub_unit == "Thôn Tây")).one()
        assert site.notes == "ab"


def test_the_error_report_is_the_file_back_with_an_error_column(app, client, login_as, model_id):
    login_as("officer")
    workbook = load_workbook(io.BytesIO(_titled_sheet()))
    workbook.active.append([3, "Xã Không Có", "Thôn X", "31/02/2024", -1, None])
    response = upload(client, model_id, saved(workbook))
    pending = latest(app)
    page = client.get(response.headers["Location"]).text
    assert f"/sites/import/{pending.id}/errors.xlsx" in page
    report = client.get(f"/p/quang-tri/models/{model_id}/sites/import/{pending.id}/errors.xlsx")
    assert report.status_code == 200 and "attachment" in report.headers["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(report.data)).active.iter_rows(values_only=True))
    assert rows[0][1] == "CÔNG AN TỈNH QUẢNG TRỊ"  # title rows kept
    assert rows[3][:3] == ("Lỗi cần sửa", "STT", "Xã, phường")
    assert rows[4][0] is None and rows[5][0] is None
    assert rows[6][0].splitlines() == ["“31/02/2024” không phải là ngày: hãy ghi theo dạng dd/mm/yyyy.",
                                       "Camera không được là số âm (-1).",
                                       "Không có xã/phường “Xã Không Có” trong tỉnh này."]
    assert rows[6][1:4] == (3, "Xã Không Có", "Thôn X")
    # Fixed in Excel and uploaded again: the report's own file imports.
    fixed = load_workbook(io.BytesIO(report.data))
    fixed.active.cell(row=7, column=3).value = "Xã Kim Phú"
    fixed.active.cell(row=7, column=5).value = "28/02/2024"
    fixed.active.cell(row=7, column=6).value = 1
    upload(client, model_id, saved(fixed))
    assert [row["action"] for row in latest(app).rows] == ["new", "new", "new"]
    assert "Lỗi cần sửa" in latest(app).layout["unmatched"]


def _bomb(megabytes: int = 40) -> bytes:
    """A small, valid-looking XLSX whose shared strings unpack to ``megabytes`` MB."""
    workbook = Workbook()
    workbook.active.append(["Xã/phường", "Ghi chú"])
    workbook.active.append(["Xã Kim Phú", "x"])
    source = zipfile.ZipFile(io.BytesIO(saved(workbook)))
    strings = b"<si><t>" + b"A" * 1000 + b"</t></si>"
    shared = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
              b'2006/main">' + strings * (megabytes * 1024) + b"</sst>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for item in source.infolist():
            bomb.writestr(item, source.read(item.filename))
        bomb.writestr("xl/sharedStrings.xml", shared)
    return buffer.getvalue()


def test_a_spreadsheet_bomb_is_refused_before_any_parser_in_bounded_memory(app, client, login_as, model_id):
    login_as("officer")
    bomb = _bomb()
    assert len(bomb) < 400 * 1024
    tracemalloc.start()
    try:
        response = upload(client, model_id, bomb, "bom.xlsx")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 200
    assert "“bom.xlsx”" in response.text and "bảo vệ máy chủ" in response.text
    assert peak < 20 * 1024 * 1024, peak  # the 40 MB of shared strings were never unpacked
    with app.app_context():
        assert db.session.scalar(select(func.count(SiteImport.id))) == 0
        assert db.session.get(MovementModel, model_id) is not None


def test_the_checking_job_runs_outside_any_request_as_a_worker_runs_it(app, client, login_as, model_id, monkeypatch):
    from registry.replication import import_routes
    from registry.replication.tasks import parse_site_import

    login_as("officer")
    monkeypatch.setattr(import_routes, "_parse_later", lambda import_id: None)  # queued, not run
    upload(client, model_id, "Xã/phường;Số thành viên\nXã Kim Phú;3\nXã Không Có;1\n".encode(), "a.csv")
    with app.app_context():
        import_id = db.session.scalar(select(SiteImport.id))
        parse_site_import(import_id)  # no request: province and language come from the import
        pending = db.session.get(SiteImport, import_id)
        assert pending.status == "ready" and [row["action"] for row in pending.rows] == ["new", "error"]
