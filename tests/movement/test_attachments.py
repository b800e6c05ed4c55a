"""Attachments: checked on content, limited in size, downloaded only by who may see the model."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from registry.audit.models import AuditEvent
from registry.extensions import db
from registry.movement.models import Attachment
from tests.movement.conftest import model_url

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489") + b"\0" * 32


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def _upload(client, model_id, data: bytes, filename: str, slug="quang-tri", kind="decision"):
    return client.post(model_url(model_id, "/attachments", slug=slug),
                       data={"kind": kind, "file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data", headers={"HX-Request": "true"})


def _files(app) -> set[Path]:
    folder = Path(app.config["UPLOAD_FOLDER"])
    return {path for path in folder.rglob("*") if path.is_file()} if folder.exists() else set()


@pytest.fixture
def stored(app):
    """``stored()`` → (attachment rows, files written since the test began)."""
    before = _files(app)

    def count() -> tuple[int, int]:
        with app.app_context():
            rows = db.session.scalar(select(func.count(Attachment.id)))
        return rows, len(_files(app) - before)

    return count


@pytest.mark.parametrize("data, filename", [(PDF, "Quyết định thành lập.pdf"), (PNG, "ảnh.png"), (_xlsx(), "danh sách.xlsx")])
def test_officer_attaches_a_file_and_downloads_it_with_its_name(app, client, login_as, make_model, data, filename):
    model_id = make_model()
    login_as("officer")
    response = _upload(client, model_id, data, filename)
    assert response.status_code == 200 and response.headers.get("HX-Redirect")
    with app.app_context():
        attachment = db.session.scalar(select(Attachment))
        assert attachment.filename == filename and attachment.size == len(data)
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "attachment")).changes["model"] == model_id
    page = client.get(model_url(model_id))
    assert filename in page.text
    download = client.get(model_url(model_id, f"/attachments/{attachment.id}"))
    assert download.status_code == 200 and download.data == data
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=UTF-8''" in disposition
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert not str(Path(app.config["UPLOAD_FOLDER"])).startswith(app.static_folder)


@pytest.mark.parametrize("data, filename, message", [
    (b"MZ\x90\x00" + b"\0" * 100, "quyet-dinh.pdf", "Không nhận loại tệp của “quyet-dinh.pdf”"),
    (b"<script>alert(1)</script>", "bao-cao.pdf", "Không nhận loại tệp của “bao-cao.pdf”"),
    (b"<!DOCTYPE html><html><body><table><tr><td>1</td></tr></table></body></html>", "bao-cao.xls",
     "Tệp “bao-cao.xls” là trang web (HTML), không phải tài liệu"),
    ("Báo cáo tháng 3\r\nCông an xã".encode("utf-16"), "bao-cao.txt", "là tệp văn bản thô UTF-16"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "cu.doc", "Tệp “cu.doc” là tệp Office bị hỏng"),
    (PDF, "quyet-dinh.exe", "Tên tệp “quyet-dinh.exe” không khớp với nội dung"),
    (b"", "trong.pdf", "Tệp “trong.pdf” trống"),
    (PDF + b"\0" * 2048, "lon.pdf", "Tệp “lon.pdf” lớn hơn giới hạn 1 KB"),
])
def test_wrong_malformed_or_oversized_upload_is_explained_and_changes_nothing(app, client, login_as, make_model, stored,
                                                                               data, filename, message):
    model_id = make_model()
    login_as("officer")
    app.config["ATTACHMENT_MAX_BYTES"] = 1024
    try:
        response = _upload(client, model_id, data, filename)
    finally:
        app.config.pop("ATTACHMENT_MAX_BYTES")
    assert response.status_code == 200 and message in response.text
    assert 'id="attachments"' in response.text
    assert stored() == (0, 0)


def test_upload_without_a_file_asks_for_one(app, client, login_as, make_model, stored):
    model_id = make_model()
    login_as("officer")
    response = client.post(model_url(model_id, "/attachments"), data={"kind": "decision"},
                           headers={"HX-Request": "true"})
    assert "Chọn một tệp để tải lên." in response.text and stored() == (0, 0)


def test_officer_removes_an_attachment_and_its_file(app, client, login_as, make_model, make_attachment, stored):
    model_id = make_model()
    attachment_id = make_attachment(model_id)
    login_as("officer")
    assert client.post(model_url(model_id, f"/attachments/{attachment_id}/delete")).status_code == 302
    assert stored() == (0, 0)
    assert "quyết định.pdf" in client.get(model_url(model_id)).text  # still named in the history


def test_another_province_cannot_download_or_attach(app, client, login_as, make_model, make_attachment, stored):
    model_id = make_model("quang-tri")
    attachment_id = make_attachment(model_id)
    other_model = make_model("lam-dong", name="Mô hình Lâm Đồng")
    login_as("officer", "lam-dong")
    for slug in ("quang-tri", "lam-dong"):
        assert client.get(model_url(model_id, f"/attachments/{attachment_id}", slug=slug)).status_code == 404
        assert _upload(client, model_id, PDF, "a.pdf", slug=slug).status_code == 404
    # Through a model of their own, the attachment of ours is still not found.
    assert client.get(model_url(other_model, f"/attachments/{attachment_id}", slug="lam-dong")).status_code == 404
    assert stored() == (1, 1)


def test_viewer_downloads_but_cannot_remove(client, login_as, make_model, make_attachment):
    model_id = make_model()
    attachment_id = make_attachment(model_id)
    login_as("viewer")
    assert client.get(model_url(model_id, f"/attachments/{attachment_id}")).status_code == 200
    assert client.post(model_url(model_id, f"/attachments/{attachment_id}/delete")).status_code == 403
