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


def ole_file(stream: str, size: int = 4096) -> bytes:
    """A minimal OLE2 compound file (what Word 97–2003 and Excel 97–2003 write) holding one stream."""
    import struct

    free, end, fat_sector, none = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    data_sectors = size // 512
    header = (bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<109I", 0, *([free] * 108)))
    fat = [fat_sector, end] + [3 + n for n in range(data_sectors - 1)] + [end]
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat) + struct.pack("<I", free) * (128 - len(fat))

    def entry(name: str, kind: int, child: int, start: int, length: int) -> bytes:
        encoded = (name.encode("utf-16-le") + b"\0\0") if name else b""
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1 if name else 0)
                + struct.pack("<III", none, none, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
                + struct.pack("<IQ", start, length))

    directory = (entry("Root Entry", 5, 1, end, 0) + entry(stream, 2, none, 2, size)
                 + entry("", 0, none, 0, 0) + entry("", 0, none, 0, 0))
    return header + fat_bytes + directory + b"\x42" * size


@pytest.mark.parametrize("stream, filename, content_type", [
    ("WordDocument", "Báo cáo 2019.doc", "application/msword"),
    ("Workbook", "Danh sách tổ.xls", "application/vnd.ms-excel"),
])
def test_legacy_word_and_excel_files_are_accepted_by_their_content(app, client, login_as, make_model, stream, filename,
                                                                    content_type):
    model_id = make_model()
    login_as("officer")
    response = _upload(client, model_id, ole_file(stream), filename)
    assert response.status_code == 200 and response.headers.get("HX-Redirect")
    with app.app_context():
        assert db.session.scalar(select(Attachment.content_type)) == content_type


@pytest.mark.parametrize("data, filename, message", [
    (ole_file("Workbook"), "bao-cao.doc", "không khớp với nội dung (cần đuôi xls)"),
    (ole_file("PowerPoint Document"), "trinh-chieu.ppt", "loại tệp Office không được nhận"),
    (ole_file("EncryptedPackage"), "mat-khau.docx", "được đặt mật khẩu"),
])
def test_other_office_containers_are_refused_with_their_reason(app, client, login_as, make_model, stored, data,
                                                               filename, message):
    model_id = make_model()
    login_as("officer")
    response = _upload(client, model_id, data, filename)
    assert message in response.text and stored() == (0, 0)


def test_a_docx_bomb_is_refused_naming_the_file(app, client, login_as, make_model, stored):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as document:
        document.writestr("[Content_Types].xml", "<Types/>")
        document.writestr("word/document.xml", "<w:document>" + "a" * (5 * 1024 * 1024) + "</w:document>")
    model_id = make_model()
    login_as("officer")
    response = _upload(client, model_id, buffer.getvalue(), "bien-ban.docx")
    assert "“bien-ban.docx”" in response.text and "bảo vệ máy chủ" in response.text
    assert stored() == (0, 0)


def test_a_file_over_the_servers_limit_says_file_too_large_through_htmx(app, client, login_as, make_model, stored):
    import json

    model_id = make_model()
    login_as("officer")
    limit = app.config["MAX_CONTENT_LENGTH"]
    app.config["MAX_CONTENT_LENGTH"] = 4096
    try:
        response = _upload(client, model_id, PDF + b"\0" * 8192, "lon.pdf")
        page = client.post(model_url(model_id, "/attachments"), content_type="multipart/form-data",
                           data={"kind": "decision", "file": (io.BytesIO(PDF + b"\0" * 8192), "lon.pdf")})
    finally:
        app.config["MAX_CONTENT_LENGTH"] = limit
    assert response.status_code == 413 and "<html" not in response.text
    message = json.loads(response.headers["HX-Trigger"])["registry:message"]["messages"][0]
    assert message["category"] == "error" and "4 KB" in message["text"] and "lớn hơn giới hạn" in message["text"]
    assert page.status_code == 413 and "4 KB" in page.text  # without htmx: the error page says it too
    assert stored() == (0, 0)
