"""A province moves in: its register of models imported from Excel, previewed, confirmed, and round-tripped."""
from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from registry.audit.models import AuditEvent
from registry.extensions import db
from registry.movement.models import ModelImport, MovementModel
from tests.conftest import province
from tests.export_jobs.factories import export_through_pages
from tests.factories import make_model, ward_of

HEADER = ["Tên mô hình", "Lĩnh vực", "Địa bàn, đối tượng áp dụng", "Trạng thái", "Lý do kết thúc",
          "Xã, phường xây dựng đầu tiên", "Đơn vị chủ trì", "Ngày triển khai", "Chu kỳ đánh giá (tháng)"]
# line in the sheet → (what is wrong, the Vietnamese the officer reads)
BAD = {
    12: ({"Lĩnh vực": "Thể thao"}, "Không rõ lĩnh vực “Thể thao”"),
    30: ({"Địa bàn, đối tượng áp dụng": ""}, "Thiếu địa bàn, đối tượng áp dụng."),
    47: ({"Trạng thái": "Đã kết thúc", "Lý do kết thúc": ""}, "Mô hình đã kết thúc cần có lý do kết thúc."),
    60: ({"Xã, phường xây dựng đầu tiên": "Xã Không Tồn Tại"}, "Không có xã/phường “Xã Không Tồn Tại”"),
    88: ({"Ngày triển khai": "31/02/2024"}, "“31/02/2024” không phải là ngày"),
    101: ({"Chu kỳ đánh giá (tháng)": "0"}, "Chu kỳ đánh giá phải từ 1 đến 60 tháng"),
    130: ({"Tên mô hình": ""}, "Thiếu tên mô hình."),
    150: ({"Trạng thái": "Lưu trữ"}, "Không rõ trạng thái “Lưu trữ”"),
    177: ({"Tên mô hình": "Mô hình số 3"}, "Dòng 7 của tệp đã nói về mô hình này"),
    199: ({"Ngày triển khai": "01/01/2099"}, "Ngày ra mắt 01/01/2099 ở tương lai."),
}


def saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def register_of_200(ward_names: list[str]) -> bytes:
    """A province's register as officers keep it: title rows, then 200 models, 10 of them wrong."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["CÔNG AN TỈNH QUẢNG TRỊ"])
    sheet.append(["SỔ THEO DÕI MÔ HÌNH PHONG TRÀO TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC"])
    sheet.append(HEADER)
    for number in range(200):
        line = number + 4
        row = {"Tên mô hình": f"Mô hình số {number}", "Lĩnh vực": "Camera an ninh", "Địa bàn, đối tượng áp dụng":
               "Khu dân cư", "Trạng thái": "Đang hoạt động" if number % 3 else "Bản nháp", "Lý do kết thúc": "",
               "Xã, phường xây dựng đầu tiên": ward_names[number % len(ward_names)], "Đơn vị chủ trì": "Công an xã",
               "Ngày triển khai": f"{1 + number % 28:02d}/03/2024", "Chu kỳ đánh giá (tháng)": "6"}
        row.update(BAD.get(line, ({}, ""))[0])
        sheet.append([row[name] for name in HEADER])
    return saved(workbook)


def upload(client, data: bytes, name="mo-hinh.xlsx"):
    return client.post("/p/quang-tri/models/import", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def latest(app) -> ModelImport:
    with app.app_context():
        pending = db.session.scalars(select(ModelImport).order_by(ModelImport.id.desc())).first()
        pending.rows  # noqa: B018
        return pending


def test_a_register_of_200_models_with_10_bad_rows_is_previewed_then_imported(app, client, login_as):
    login_as("officer")
    with app.app_context():
        wards = [ward_of(province("quang-tri"), n).name for n in range(5)]
    response = upload(client, register_of_200(wards))
    assert response.status_code == 302
    preview = client.get(response.headers["Location"]).text
    pending = latest(app)
    assert pending.layout["header_line"] == 3
    problems = {row["line"]: row for row in pending.rows if row["action"] == "error"}
    assert sorted(problems) == sorted(BAD)
    for line, (_change, message) in BAD.items():
        assert message in preview, (line, message)
    assert preview.count('class="error"') >= len(BAD)
    assert "Nhập: 190 mới, 0 thay đổi" in preview

    assert client.post(f"/p/quang-tri/models/import/{pending.id}/confirm").status_code == 302
    with app.app_context():
        models = db.session.scalars(select(MovementModel).order_by(MovementModel.id)).all()
        assert len(models) == 190
        by_status = {status: sum(m.status == status for m in models) for status in ("draft", "active")}
        assert by_status["active"] > 100 and by_status["draft"] > 50
        first = next(m for m in models if m.name == "Mô hình số 1")
        assert (first.category, first.target_setting, first.launched_on) == ("cameras", "residential", date(2024, 3, 2))
        assert first.origin_ward.name == wards[1] and first.next_review_due_on is not None
        actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.entity_id == first.id,
                                                                     AuditEvent.entity_type == "movement_model")).all()
        assert actions == ["create", "activate"]  # through the service's moves, with their history
    page = client.get("/p/quang-tri/models/?q=mo hinh so 1").text
    assert "Mô hình số 1" in page


def test_an_exported_list_edited_in_excel_updates_its_models(app, client, login_as):
    login_as("officer")
    with app.app_context():
        quang_tri = province("quang-tri")
        cameras = make_model(quang_tri, name="Camera an ninh khu phố", review_interval_months=6)
        make_model(quang_tri, name="Tổ liên gia tự quản", category="inter_family")
        ended = make_model(quang_tri, name="Mô hình cũ", status="ended", end_reason="ineffective")
        db.session.commit()
        cameras_id, ended_id = cameras.id, ended.id
    exported = export_through_pages(client, "/p/quang-tri/models/export", "xlsx")[1].data
    workbook = load_workbook(io.BytesIO(exported))
    sheet = workbook.active
    assert sheet.freeze_panes == "A2" and workbook.sheetnames[1] == "Danh mục"
    assert sheet.data_validations.dataValidation  # drop-downs from the lists sheet
    header = [cell.value for cell in sheet[1]]
    line = {sheet.cell(row=n, column=2).value: n for n in range(2, sheet.max_row + 1)}
    sheet.cell(row=line["Camera an ninh khu phố"], column=header.index("Chu kỳ sơ kết, đánh giá (tháng)") + 1).value = 3
    sheet.cell(row=line["Tổ liên gia tự quản"], column=header.index("Trạng thái") + 1).value = "Tạm dừng"
    sheet.append([None, "Mô hình mới nhập", "Hòa giải", "Khu dân cư"])
    response = upload(client, saved(workbook))
    preview = client.get(response.headers["Location"]).text
    rows = {row["cells"]["name"]: row for row in latest(app).rows}
    assert rows["Camera an ninh khu phố"]["changes"] == {"review_interval_months": [6, 3]}
    assert rows["Tổ liên gia tự quản"]["changes"] == {"status": ["active", "suspended"]}
    assert rows["Mô hình cũ"]["action"] == "unchanged", rows["Mô hình cũ"]
    assert rows["Mô hình mới nhập"]["action"] == "new", rows["Mô hình mới nhập"]["errors"]
    assert "Không nhập: hệ thống tự tính" in preview  # the next review and the sites columns
    assert client.post(f"/p/quang-tri/models/import/{latest(app).id}/confirm").status_code == 302
    with app.app_context():
        assert db.session.get(MovementModel, cameras_id).review_interval_months == 3
        assert db.session.get(MovementModel, ended_id).status == "ended"
        assert db.session.scalar(select(func.count(MovementModel.id))) == 4
        suspended = db.session.scalar(select(MovementModel).where(MovementModel.name == "Tổ liên gia tự quản"))
        assert suspended.status == "suspended"
    history = client.get(f"/p/quang-tri/models/{cameras_id}").text
    assert "Chu kỳ sơ kết, đánh giá" in history and "3" in history
    # The same file again: everything as it says, nothing written twice.
    upload(client, saved(workbook))
    assert {row["action"] for row in latest(app).rows} == {"unchanged"}


def test_ending_through_the_import_needs_a_reason_and_goes_through_the_moves(app, client, login_as):
    login_as("officer")
    with app.app_context():
        make_model(province("quang-tri"), name="Tổ tuần tra 8394")
        db.session.commit()
    workbook = Workbook()
    workbook.active.append(["Tên", "Trạng thái", "Lý do kết thúc", "Giải thích"])
    workbook.active.append(["Tổ tuần tra 8394", "Đã kết thúc", "Khác", "Sáp nhập lực lượng"])
    workbook.active.append(["Mô hình nháp", "Bản nháp", "", ""])
    upload(client, saved(workbook))
    ended, new = latest(app).rows
    assert ended["values"]["moves"] == ["end"] and new["errors"] == [["missing_category", {}], ["missing_setting", {}]]
    client.post(f"/p/quang-tri/models/import/{latest(app).id}/confirm")
    with app.app_context():
        model = db.session.scalar(select(MovementModel).where(MovementModel.name == "Tổ tuần tra 8394"))
        assert (model.status, model.end_reason, model.end_reason_text) == ("ended", "other", "Sáp nhập lực lượng")
        assert db.session.scalar(select(func.count(MovementModel.id))) == 1


def test_new_rows_get_the_similar_models_hint_of_the_province_and_the_catalogue(app, client, login_as):
    login_as("officer")
    with app.app_context():
        make_model(province("quang-tri"), name="Camera an ninh tổ dân phố")
        make_model(province("lam-dong"), name="Camera an ninh giáo xứ", recognised_year=2024)
        make_model(province("lam-dong"), name="Camera an ninh chưa công nhận")
        db.session.commit()
    workbook = Workbook()
    workbook.active.append(["Tên", "Lĩnh vực", "Địa bàn áp dụng"])
    workbook.active.append(["Camera an ninh xóm", "Camera an ninh", "Khu dân cư"])
    response = upload(client, saved(workbook))
    [row] = latest(app).rows
    assert row["hints"] == {"similar": ["Camera an ninh tổ dân phố"], "national": ["Camera an ninh giáo xứ (Lâm Đồng)"]}
    page = client.get(response.headers["Location"]).text
    assert "Camera an ninh giáo xứ (Lâm Đồng)" in page and "chưa công nhận" not in page


def test_the_template_lists_the_values_and_the_provinces_wards(app, client, login_as):
    login_as("viewer")
    response = client.get("/p/quang-tri/models/import-template?format=xlsx")
    workbook = load_workbook(io.BytesIO(response.data))
    header = [cell.value for cell in workbook.active[1]]
    assert header[:3] == ["Mã mô hình", "Tên", "Lĩnh vực"] and workbook.active.freeze_panes == "A2"
    lists = list(workbook["Danh mục"].iter_rows(values_only=True))
    columns = {title: [row[n] for row in lists[1:] if row[n]] for n, title in enumerate(lists[0])}
    assert "Camera an ninh" in columns["Lĩnh vực"] and "Bản nháp" in columns["Trạng thái"]
    with app.app_context():
        wards = {ward.name for ward in [ward_of(province("quang-tri"), n) for n in range(3)]}
    assert wards <= set(columns["Xã, phường – Quảng Trị"])
    formulas = {validation.formula1 for validation in workbook.active.data_validations.dataValidation}
    assert any("Danh mục" in formula for formula in formulas)


def test_another_province_cannot_see_or_confirm_an_import(app, client, login_as):
    login_as("officer")
    workbook = Workbook()
    workbook.active.append(["Tên", "Lĩnh vực", "Địa bàn áp dụng"])
    workbook.active.append(["Camera an ninh xóm", "Camera an ninh", "Khu dân cư"])
    upload(client, saved(workbook))
    import_id = latest(app).id
    login_as("officer", "lam-dong")
    for slug in ("quang-tri", "lam-dong"):
        assert client.get(f"/p/{slug}/models/import/{import_id}").status_code == 404
        assert client.post(f"/p/{slug}/models/import/{import_id}/confirm").status_code == 404
        assert client.get(f"/p/{slug}/models/import/{import_id}/errors.xlsx").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count(MovementModel.id))) == 0
