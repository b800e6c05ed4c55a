"""Factories for attachments and wards by name, and their URL arguments for the isolation test."""
from __future__ import annotations

import secrets

from sqlalchemy import select

from registry.extensions import db
from registry.movement.models import Attachment, MovementModel
from registry.tenants.models import Province, Ward
from registry.text import fold
from tests.factories import make_model
from tests.route_arguments import route_argument


def first_ward(province: Province, name_like: str | None = None) -> Ward:
    statement = select(Ward).where(Ward.province_id == province.id).order_by(Ward.code)
    if name_like:
        statement = statement.where(Ward.name_folded.like(f"%{fold(name_like)}%"))
    return db.session.scalars(statement).first()


def create_attachment(model: MovementModel, filename: str = "quyet-dinh.pdf", data: bytes = b"%PDF-1.4 test") -> Attachment:
    """An attachment row whose file exists under the app's upload folder."""
    from registry.movement.attachments import storage_path

    key = secrets.token_hex(20)
    path = storage_path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    attachment = Attachment(province_id=model.province_id, model_id=model.id, kind="decision", filename=filename,
                            content_type="application/pdf", size=len(data), storage_key=key)
    db.session.add(attachment)
    db.session.flush()
    return attachment


@route_argument("attachment_id")
def attachment_id_argument(province: Province) -> int:
    return create_attachment(make_model(province, "Tổ liên gia tự quản")).id


@route_argument("model_import_id")
def model_import_id_argument(province: Province) -> int:
    from registry.movement.models import ModelImport
    from registry.sheets.imports import READY

    pending = ModelImport(province_id=province.id, filename="mo-hinh.csv", file_format="csv", status=READY, rows=[],
                          payload=b"Ten\nA\n")
    db.session.add(pending)
    db.session.flush()
    return pending.id
