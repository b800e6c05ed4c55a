"""Exports made directly in the database, and an export taken the way a user takes it."""
from __future__ import annotations

import re
import secrets

from registry.accounts.service import create_user
from registry.export_jobs.models import QUEUED, ExportJob
from registry.extensions import db
from registry.tenants.models import Province
from tests.route_arguments import route_argument

DOWNLOAD_LINK = re.compile(r'href="(/p/[^"]+/exports/\d+/download)"')


def make_export(province: Province, user_id: int, **fields) -> ExportJob:
    """A flushed export of ``province``'s sites as CSV, queued unless told."""
    values = dict(kind="sites", filters={}, file_format="csv", status=QUEUED, locale="vi")
    values.update(fields)
    export = ExportJob(province_id=province.id, created_by_id=user_id, **values)
    db.session.add(export)
    db.session.flush()
    return export


@route_argument("export_id")
def _export_id(province: Province) -> int:
    owner = create_user(f"xuat.{secrets.token_hex(4)}@test.vn", "a-long-test-password", "officer", province)
    db.session.flush()
    return make_export(province, owner.id).id


def export_through_pages(client, url: str, file_format: str = "csv", query: dict | None = None):
    """Press the list's export button, open the export's page, follow its download link.

    Without Redis the job runs in the request, so the page already offers the file.
    Returns (the export page's response, the download's response).
    """
    started = client.post(url, query_string=query or {}, data={"format": file_format})
    assert started.status_code == 302, started.status_code
    page = client.get(started.headers["Location"])
    link = DOWNLOAD_LINK.search(page.text)
    assert link, page.text
    return page, client.get(link.group(1))
