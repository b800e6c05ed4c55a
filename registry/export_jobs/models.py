"""An export asked for by one user: what, with which filters, how far the job is, where the file is."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from registry.extensions import db
from registry.clock import now_utc
from registry.tenants.models import ProvinceOwned

QUEUED, RUNNING, DONE, FAILED, EXPIRED = "queued", "running", "done", "failed", "expired"
IN_PROGRESS = (QUEUED, RUNNING)


class ExportJob(ProvinceOwned, db.Model):
    """One file being written (or written) for its requester, kept until ``expires_at``."""

    __tablename__ = "export_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    # The list's filters as they stood in the URL, as text: {"status": "active"}.
    filters: Mapped[dict] = mapped_column(JSON, default=dict)
    file_format: Mapped[str] = mapped_column(String(10))
    # The interface language at the request: the file's headers and labels follow it.
    locale: Mapped[str] = mapped_column(String(5), default="vi")
    status: Mapped[str] = mapped_column(String(20), default=QUEUED, index=True)
    rows_done: Mapped[int] = mapped_column(default=0)
    rows_total: Mapped[int] = mapped_column(default=0)
    # The file's name inside EXPORT_FOLDER (unguessable), and the name the user downloads.
    stored_name: Mapped[str | None] = mapped_column(String(100))
    download_name: Mapped[str | None] = mapped_column(String(255))
    error: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]

    @property
    def in_progress(self) -> bool:
        return self.status in IN_PROGRESS

    @property
    def percent(self) -> int:
        return min(100, int(100 * self.rows_done / self.rows_total)) if self.rows_total else 0
