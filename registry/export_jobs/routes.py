"""Start an export from a list, follow its progress, download the file.

An export is its requester's alone: another user's export, or one of another province,
answers 404. Any member of the province may export what they can read.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping

from flask import abort, flash, g, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from registry.export_jobs import bp, service, tasks
from registry.export_jobs.kinds import as_filters, kind_named
from registry.export_jobs.models import DONE, ExportJob
from registry.exports import send_spreadsheet
from registry.extensions import db
from registry.clock import now_utc
from registry.tenants.scoping import get_owned_or_404
from registry.web import redirect_after_post, render_page

log = logging.getLogger(__name__)
TEMPLATE = "export_jobs/show.html"


def start_export(kind: str, values: Mapping):
    """Record an export of the list as the user sees it (its filters: ``values``), start its
    job, and show its page.

    The format comes from the form's ``format`` (csv or xlsx); any other changes nothing and
    sends the user back to the list with a message.
    """
    filters = as_filters(values)
    try:
        export = service.new_export(kind, filters, request.form.get("format", ""), user_id=current_user.id,
                                    province_id=g.province.id, locale=str(get_locale()))
    except service.UnknownFormat:
        flash(_("Choose CSV or Excel (XLSX) as the file format."), "error")
        return redirect_after_post(kind_named(kind).list_url(filters))
    service.delete_expired()
    db.session.commit()
    tasks.start(export.id)
    return redirect_after_post(url_for("province.export_jobs.show", export_id=export.id))


def _own_export(export_id: int) -> ExportJob:
    """The current user's export in this province (404 otherwise); a file past its time is deleted."""
    export = get_owned_or_404(ExportJob, export_id)
    if export.created_by_id != current_user.id:
        abort(404)
    if export.status == DONE and service.is_past(export.expires_at, now_utc()):
        service.expire(export)
        db.session.commit()
    return export


@bp.get("/<int:export_id>")
def show(export_id: int):
    """Progress while the job runs (the block polls itself), then the download or what went wrong."""
    export = _own_export(export_id)
    kind = kind_named(export.kind)
    filters = as_filters(export.filters)
    return render_page(TEMPLATE, "status", export=export, title=kind.title(g.province, filters),
                       list_url=kind.list_url(filters))


@bp.get("/<int:export_id>/download")
def download(export_id: int):
    """The finished file; before it is ready or after it expired, the export's page says why."""
    export = _own_export(export_id)
    if export.status == DONE and not service.file_path(export).is_file():
        log.warning("export %s: file %s is missing from EXPORT_FOLDER", export.id, export.stored_name)
        service.expire(export)
        db.session.commit()
    if export.status != DONE:
        return redirect(url_for(".show", export_id=export.id))
    return send_spreadsheet(service.file_path(export), export.file_format, export.download_name)
