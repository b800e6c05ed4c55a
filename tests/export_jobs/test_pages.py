"""Exports as a user meets them: the list's buttons, the export's page and its progress, the file."""
from __future__ import annotations

import csv
import dataclasses
import io
import re
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet._writer import ALL_TEMP_FILES
from sqlalchemy import func, select, text

from registry.export_jobs import kinds, service
from registry.export_jobs.models import DONE, FAILED, RUNNING, ExportJob
from registry.extensions import db
from registry.clock import now_utc
from tests.conftest import province
from tests.export_jobs.factories import export_through_pages, make_export
from tests.factories import make_model, make_site, ward_of

HTMX = {"HX-Request": "true"}
MOMENT = r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}"


@pytest.fixture
def sites(app):
    """Two models of Quảng Trị with three sites, one model of Lâm Đồng with one; the first model's id."""
    with app.app_context():
        quang_tri, lam_dong = province("quang-tri"), province("lam-dong")
        cameras = make_model(quang_tri, launched_on=date(2023, 3, 9))
        groups = make_model(quang_tri, name="Tổ liên gia tự quản", category="inter_family")
        make_site(cameras, ward_of(quang_tri, 0), sub_unit="=1+1 Thôn Đông", started_on=date(2024, 3, 5))
        make_site(cameras, ward_of(quang_tri, 1), sub_unit="Tổ dân phố 2", status="paused")
        make_site(groups, ward_of(quang_tri, 2), sub_unit="Thôn Tây")
        make_site(make_model(lam_dong, name="Camera Lâm Đồng"), ward_of(lam_dong, 0), sub_unit="Đà Lạt")
        db.session.commit()
        return cameras.id


def _exports(app) -> list[ExportJob]:
    with app.app_context():
        return db.session.scalars(select(ExportJob).order_by(ExportJob.id)).all()


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_each_list_offers_export_buttons_that_carry_its_filters(client, login_as, sites):
    login_as("viewer")
    models = client.get("/p/quang-tri/models/?category=cameras")
    assert 'action="/p/quang-tri/models/export?category=cameras"' in models.text
    listed = client.get("/p/quang-tri/sites?status=paused")
    assert 'action="/p/quang-tri/sites/export?status=paused"' in listed.text
    panel = client.get(f"/p/quang-tri/models/{sites}/sites")
    assert f'action="/p/quang-tri/models/{sites}/sites/export"' in panel.text
    for page in (models, listed, panel):
        assert 'name="format" value="csv"' in page.text and 'name="format" value="xlsx"' in page.text


@pytest.mark.parametrize(("kind", "url", "title", "file_name", "rows"), [
    ("models", "/p/quang-tri/models/export", "Xuất danh sách mô hình của Quảng Trị", "mo-hinh-quang-tri", 2),
    ("sites", "/p/quang-tri/sites/export", "Xuất các điểm nhân rộng của Quảng Trị", "diem-nhan-rong-quang-tri", 3),
    ("model_sites", "/p/quang-tri/models/{model}/sites/export", "Xuất các điểm nhân rộng của mô hình Camera an ninh",
     "diem-nhan-rong-mo-hinh-{model}", 2),
])
def test_the_export_page_of_each_kind_offers_the_file_once_written(app, client, login_as, sites, kind, url, title,
                                                                    file_name, rows):
    login_as("officer")
    page, download = export_through_pages(client, url.format(model=sites), "csv")
    assert f"<h1>{title}</h1>" in page.text
    assert f"Tệp đã sẵn sàng: {rows} dòng." in page.text
    assert re.search(f"Tệp được lưu đến {MOMENT} rồi bị xóa", page.text)
    assert "<progress" not in page.text and "hx-trigger" not in page.text.split('id="export-status"')[1]
    [export] = _exports(app)
    assert (export.kind, export.status, export.rows_done, export.rows_total) == (kind, DONE, rows, rows)
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment") and re.search(rf"{file_name.format(model=sites)}-\d{{8}}\.csv", disposition)
    assert download.headers["X-Content-Type-Options"] == "nosniff" and "no-store" in download.headers["Cache-Control"]
    assert download.mimetype == "text/csv" and download.data.startswith("\ufeff".encode())
    assert len(_csv(download)) == rows + 1


def test_the_sites_file_reads_in_vietnamese_with_dd_mm_yyyy_dates_and_no_formula(client, login_as, sites):
    login_as("officer")
    _page, download = export_through_pages(client, "/p/quang-tri/sites/export", "xlsx", {"status": "active"})
    sheet = load_workbook(io.BytesIO(download.data)).active
    assert sheet.title == "Điểm nhân rộng"
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert header[:3] == ("Mã điểm", "Mô hình", "Xã/phường/đặc khu (tên hoặc mã)") and header[11] == "Trạng thái"
    assert {row[4] for row in rows} == {"'=1+1 Thôn Đông", "Thôn Tây"}  # the paused site is filtered out
    assert {row[11] for row in rows} == {"Đang hoạt động"}
    dated = next(row for row in sheet.iter_rows(min_row=2) if row[6].value)
    assert dated[6].value.date() == date(2024, 3, 5) and dated[6].number_format == "DD/MM/YYYY"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_an_english_user_gets_english_headers(app, client, login_as, sites):
    user = login_as("officer")
    with app.app_context():
        from registry.accounts.models import User

        db.session.get(User, user.id).locale = "en"
        db.session.commit()
    page, download = export_through_pages(client, "/p/quang-tri/models/export", "csv")
    assert "The file is ready: 2 rows." in page.text
    assert _csv(download)[0][:3] == ["Model reference", "Name", "Category"]


def test_the_progress_fragment_polls_while_the_job_runs_and_offers_the_file_when_done(app, client, login_as):
    user = login_as("officer")
    with app.app_context():
        export = make_export(province("quang-tri"), user.id, status=RUNNING, rows_done=4000, rows_total=10000)
        db.session.commit()
        export_id = export.id
    url = f"/p/quang-tri/exports/{export_id}"
    fragment = client.get(url, headers=HTMX)
    assert "HX-Request" in fragment.headers["Vary"] and "<html" not in fragment.text
    assert f'hx-get="{url}" hx-trigger="every 1s" hx-swap="outerHTML"' in fragment.text
    assert '<progress id="export-progress" max="100" value="40">' in fragment.text
    assert "Đang ghi tệp…" in fragment.text and "Đã ghi 4.000 trên 10.000 dòng" in fragment.text
    assert "<h1>" in client.get(url).text  # the same URL without htmx is the whole page
    with app.app_context():
        db.session.get(ExportJob, export_id).status = "queued"
        db.session.commit()
    assert "Đang chờ đến lượt xử lý…" in client.get(url, headers=HTMX).text
    with app.app_context():
        done = db.session.get(ExportJob, export_id)
        done.status, done.rows_done, done.expires_at = DONE, 10000, now_utc() + timedelta(hours=1)
        db.session.commit()
    finished = client.get(url, headers=HTMX).text
    assert "hx-trigger" not in finished and "<progress" not in finished
    assert f'href="{url}/download"' in finished and "data-autofocus" in finished


def test_the_job_commits_its_progress_every_few_thousand_rows(app, client, login_as, sites, monkeypatch):
    """Another connection (the page's poll) sees the count grow while the file is written."""
    monkeypatch.setattr(service, "PROGRESS_EVERY", 2)
    seen = []
    sites_kind = kinds.kind_named("sites")

    def watched_rows(province_id, filters):
        for row in sites_kind.rows(province_id, filters):
            with db.engine.connect() as other:
                seen.append(tuple(other.execute(text("SELECT status, rows_done, rows_total FROM export_job")).one()))
            yield row

    monkeypatch.setitem(kinds._KINDS, "sites", dataclasses.replace(sites_kind, rows=watched_rows))
    login_as("officer")
    export_through_pages(client, "/p/quang-tri/sites/export", "csv")
    assert seen == [("running", 0, 3), ("running", 0, 3), ("running", 2, 3)]
    assert _exports(app)[0].rows_done == 3


def test_a_failed_export_says_so_in_vietnamese_and_leaves_no_file(app, client, login_as, sites, monkeypatch):
    sites_kind = kinds.kind_named("sites")

    def broken_rows(province_id, filters):
        yield from list(sites_kind.rows(province_id, filters))[:1]
        raise RuntimeError("the disk is full")

    monkeypatch.setitem(kinds._KINDS, "sites", dataclasses.replace(sites_kind, rows=broken_rows))
    login_as("officer")
    openpyxl_temporary_files = list(ALL_TEMP_FILES)
    started = client.post("/p/quang-tri/sites/export", data={"format": "xlsx"})
    page = client.get(started.headers["Location"])
    assert '<p class="error" role="alert">Không ghi được tệp. Hãy thử lại' in page.text
    assert 'href="/p/quang-tri/sites"' in page.text and "/download" not in page.text
    [export] = _exports(app)
    assert export.status == FAILED and "the disk is full" in export.error
    with app.app_context():
        stored = service.file_path(export)
    assert not stored.exists() and not stored.with_name(stored.name + ".part").exists()
    assert openpyxl_temporary_files == ALL_TEMP_FILES  # openpyxl's own temporary sheet is gone too
    assert client.get(f"/p/quang-tri/exports/{export.id}/download").status_code == 302


@pytest.mark.parametrize("data", [{"format": "pdf"}, {"format": "CSV"}, {}])
def test_an_unknown_format_changes_nothing_and_says_so(app, client, login_as, sites, data):
    login_as("officer")
    response = client.post("/p/quang-tri/sites/export?status=active", data=data)
    assert response.status_code == 302 and response.headers["Location"] == "/p/quang-tri/sites?status=active"
    assert "Hãy chọn định dạng tệp CSV hoặc Excel (XLSX)." in client.get(response.headers["Location"]).text
    assert _exports(app) == []


def test_an_export_is_its_requesters_alone(app, client, login_as, make_user, sites):
    owner = make_user("officer", "quang-tri")
    with app.app_context():
        export = make_export(province("quang-tri"), owner.id, status=DONE, expires_at=now_utc() + timedelta(hours=1))
        db.session.commit()
        export_id = export.id
    login_as("province_admin", "quang-tri")  # same province, someone else
    for url in (f"/p/quang-tri/exports/{export_id}", f"/p/quang-tri/exports/{export_id}/download"):
        assert client.get(url).status_code == 404, url
    login_as("province_admin", "lam-dong")
    for slug in ("quang-tri", "lam-dong"):
        for url in (f"/p/{slug}/exports/{export_id}", f"/p/{slug}/exports/{export_id}/download"):
            assert client.get(url).status_code == 404, url
    assert client.get("/p/lam-dong/exports/999999").status_code == 404


def test_a_download_before_the_file_is_ready_leads_to_the_page(app, client, login_as):
    user = login_as("viewer")
    with app.app_context():
        export_id = make_export(province("quang-tri"), user.id).id
        db.session.commit()
    response = client.get(f"/p/quang-tri/exports/{export_id}/download")
    assert response.status_code == 302 and response.headers["Location"] == f"/p/quang-tri/exports/{export_id}"


def test_a_file_past_its_time_is_deleted_and_the_page_says_so(app, client, login_as, sites):
    login_as("officer")
    page, _download = export_through_pages(client, "/p/quang-tri/sites/export", "csv")
    [export] = _exports(app)
    with app.app_context():
        stored = service.file_path(export)
        db.session.get(ExportJob, export.id).expires_at = now_utc() - timedelta(minutes=1)
        db.session.commit()
    assert stored.is_file()
    response = client.get(f"/p/quang-tri/exports/{export.id}/download")
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert "Tệp này đã bị xóa khi hết thời hạn lưu." in page.text and "/download" not in page.text
    assert not stored.exists() and _exports(app)[0].status == "expired"


def test_the_hourly_clean_up_deletes_old_files_and_fails_exports_whose_worker_died(app, client, login_as, runner,
                                                                                 sites):
    user = login_as("officer")
    for _ in range(2):
        export_through_pages(client, "/p/quang-tri/sites/export", "csv")
    old, fresh = _exports(app)
    with app.app_context():
        db.session.get(ExportJob, old.id).expires_at = now_utc() - timedelta(hours=1)
        stuck = make_export(province("lam-dong"), user.id, status=RUNNING,
                            created_at=now_utc() - service.STALE_AFTER - timedelta(minutes=1))
        waiting = make_export(province("lam-dong"), user.id)
        db.session.commit()
        old_file, fresh_file = service.file_path(old), service.file_path(fresh)
        stuck_id, waiting_id = stuck.id, waiting.id
    result = runner.invoke(args=["delete-expired-exports"])
    assert result.exit_code == 0 and "export files deleted: 1" in result.output
    assert not old_file.exists() and fresh_file.is_file()
    with app.app_context():
        statuses = dict(db.session.execute(select(ExportJob.id, ExportJob.status)).all())
        assert db.session.scalar(select(func.count()).select_from(ExportJob)) == 4
    assert (statuses[old.id], statuses[fresh.id], statuses[stuck_id], statuses[waiting_id]) == (
        "expired", DONE, FAILED, "queued")
