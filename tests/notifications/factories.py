"""Factories for the notification suites: models and nominations inserted directly, failed mail."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from registry.accounts.models import OFFICER, Membership, User
from registry.extensions import db
from registry.movement.models import MovementModel
from registry.nominations.models import Nomination
from registry.outbox.models import FAILED, Notification
from registry.notifications.preferences import save_preference
from registry.tenants.models import Province
from tests.factories import make_model
from tests.route_arguments import route_argument


def model_due_on(slug: str, due_on: date | None, *, created_by: User | int | None = None,
                 name: str = "Tổ liên gia tự quản an ninh trật tự", **fields) -> MovementModel:
    """A model of province ``slug`` whose next review is due on ``due_on``."""
    creator_id = created_by.id if isinstance(created_by, User) else created_by
    return make_model(slug, name, category="inter_family", next_review_due_on=due_on, created_by_id=creator_id,
                      **fields)


def make_nomination(model: MovementModel, submitted_at: datetime, status: str = "submitted") -> Nomination:
    nomination = Nomination(province_id=model.province_id, model_id=model.id, round_year=submitted_at.year,
                            status=status, submitted_at=submitted_at)
    db.session.add(nomination)
    db.session.flush()
    return nomination


def set_frequency(user: User | int, frequency: str, muted: list[str] | None = None) -> None:
    save_preference(user.id if isinstance(user, User) else user, frequency, muted or [])


SAME = object()


def make_failed_notification(province: Province | None, email: str = "unreachable@test.vn", *,
                             member_of: Province | None = SAME, **fields) -> Notification:
    """A reminder about ``province`` the mail server refused, to ``email``, an officer of
    ``member_of`` (the same province unless told; None: of none); ``fields`` override the notification's."""
    user = db.session.scalar(select(User).where(User.email == email)) or User(email=email, name="Nguyễn Văn A")
    member_of = province if member_of is SAME else member_of
    if member_of is not None and user.membership_in(member_of.id) is None:
        user.memberships.append(Membership(province=member_of, role=OFFICER))
    values = dict(
        kind="review_due_today", dedup_key=f"failed:{province.id if province else 0}:{email}:{fields.get('kind')}",
        province_id=province.id if province else None,
        params={"model": "Camera an ninh", "province": province.name if province else "", "due_day": "01/03/2026",
                "days_left": 0, "days_overdue": 0},
        status=FAILED, attempts=1, last_error="550 5.1.1 mailbox unavailable",
    )
    notification = Notification(user=user, **(values | fields))
    db.session.add(notification)
    db.session.flush()
    return notification


@route_argument("notification_id")
def _notification_id(province: Province) -> int:
    return make_failed_notification(province).id
