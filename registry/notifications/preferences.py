"""Each user's mail preferences, and the signed links that change them without signing in.

A link carries the user's id (and for an unsubscribe link the kind) signed with the
application's secret; it does not expire, as mail clients keep ``List-Unsubscribe`` links
for months. It only ever lowers what is mailed, so a leaked link cannot do harm beyond that.
"""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from registry.accounts.models import MINISTRY_REVIEWER, OFFICER, PROVINCE_ADMIN, User
from registry.extensions import db
from registry.notifications.models import DEFAULT_FREQUENCY, IMMEDIATELY, NEVER, NotificationPreference
from registry.outbox.models import DIGEST, HELD, PENDING, SKIPPED

TOKEN_SALT = "notification-preferences"

# The kinds a user may choose not to receive by mail, with their labels. Account mails
# (invitations, password resets) are always sent: they are the user's own request.
OPTIONAL_KINDS = {
    "review_due_soon": _l("A review falls due in 14 days"),
    "review_due_today": _l("A review is due today"),
    "review_overdue": _l("A review is overdue (every 7 days)"),
    "review_escalated": _l("Reviews of my province more than 30 days overdue (once a week)"),
    "nomination_waiting": _l("A nomination has waited more than 14 days for assessment"),
    # Written by the nominations area.
    "nomination_submitted": _l("A nomination was submitted to the ministry"),
    "nomination_returned": _l("A nomination was returned for changes"),
    "nomination_approved": _l("A nomination was approved"),
    "nomination_rejected": _l("A nomination was rejected"),
    "nomination_comment": _l("A comment on a nomination"),
    "catalogue_entry": _l("A model joined the national catalogue"),
    "round_deadline": _l("A round's deadline for nominations is near"),
    "assessor_assigned": _l("I was assigned to assess a nomination"),
}
# Who is ever sent each kind (the recipients the reminders and the nominations' notices choose):
# a user is offered only the kinds their roles receive.
PROVINCE_EDITORS = frozenset({OFFICER, PROVINCE_ADMIN})
AUDIENCE = {
    "review_due_soon": PROVINCE_EDITORS, "review_due_today": PROVINCE_EDITORS, "review_overdue": PROVINCE_EDITORS,
    "review_escalated": frozenset({PROVINCE_ADMIN}),
    "nomination_waiting": frozenset({MINISTRY_REVIEWER}), "nomination_submitted": frozenset({MINISTRY_REVIEWER}),
    "nomination_returned": PROVINCE_EDITORS, "nomination_approved": PROVINCE_EDITORS,
    "nomination_rejected": PROVINCE_EDITORS, "nomination_comment": PROVINCE_EDITORS | {MINISTRY_REVIEWER},
    "catalogue_entry": frozenset({PROVINCE_ADMIN}),
    "round_deadline": frozenset({PROVINCE_ADMIN}), "assessor_assigned": frozenset({MINISTRY_REVIEWER}),
}


def kinds_for(user: User) -> dict:
    """The optional kinds ``user`` can be sent, with their labels, in the list's order."""
    roles = {membership.role for membership in user.memberships} | {user.ministry_role}
    return {kind: label for kind, label in OPTIONAL_KINDS.items() if AUDIENCE.get(kind, frozenset()) & roles}


def preference_for(user_id: int) -> NotificationPreference:
    """The stored preference, or an unsaved one holding the defaults."""
    found = db.session.scalar(select(NotificationPreference).where(NotificationPreference.user_id == user_id))
    return found or NotificationPreference(user_id=user_id, frequency=DEFAULT_FREQUENCY, muted_kinds=[])


def preferences_for(user_ids) -> dict[int, NotificationPreference]:
    """Each user's preference (stored, or the defaults), read in one query per 1,000 users."""
    ids = sorted(set(user_ids))
    found = {}
    for start in range(0, len(ids), 1000):
        found.update((p.user_id, p) for p in db.session.scalars(
            select(NotificationPreference).where(NotificationPreference.user_id.in_(ids[start:start + 1000]))))
    return {user_id: found.get(user_id) or NotificationPreference(user_id=user_id, frequency=DEFAULT_FREQUENCY,
                                                                  muted_kinds=[]) for user_id in ids}


def save_preference(user_id: int, frequency: str, muted_kinds: list[str]) -> NotificationPreference:
    """Store the user's choice in the current transaction; the caller commits."""
    preference = preference_for(user_id)
    preference.frequency = frequency
    preference.muted_kinds = sorted(k for k in set(muted_kinds) if k in OPTIONAL_KINDS)
    db.session.add(preference)
    return preference


def wants_mail(preference: NotificationPreference, kind: str) -> bool:
    if kind not in OPTIONAL_KINDS:
        return True
    return preference.frequency != NEVER and kind not in (preference.muted_kinds or [])


def initial_statuses(recipients: list[tuple[User, str, bool]]) -> list[str]:
    """Mail now (pending), wait for the user's digest (held), or not at all (skipped), for each
    (user, kind, immediate) — the outbox asks when it writes a notification (``MailPolicy``).

    Account mail (``immediate``) and digests go out now; the rest as each user chose.
    """
    chosen = preferences_for(user.id for user, kind, immediate in recipients if not immediate and kind != DIGEST)
    statuses = []
    for user, kind, immediate in recipients:
        if immediate or kind == DIGEST:
            statuses.append(PENDING)
        elif not wants_mail(chosen[user.id], kind):
            statuses.append(SKIPPED)
        else:
            statuses.append(PENDING if chosen[user.id].frequency == IMMEDIATELY else HELD)
    return statuses


def unsubscribe(user_id: int, kind: str | None) -> None:
    """Stop one kind (or, without a kind, every optional mail). The caller commits."""
    preference = preference_for(user_id)
    if kind in OPTIONAL_KINDS:
        save_preference(user_id, preference.frequency, [*(preference.muted_kinds or []), kind])
    else:
        save_preference(user_id, NEVER, list(preference.muted_kinds or []))


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


def make_token(user_id: int, kind: str | None = None) -> str:
    return _serializer().dumps({"u": user_id, "k": kind})


def read_token(token: str) -> tuple[User, str | None] | None:
    """The active user and kind a token names; None for a forged or stale token."""
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    user = db.session.get(User, data.get("u"))
    if user is None or not user.active:
        return None
    kind = data.get("k")
    return user, kind if kind in OPTIONAL_KINDS else None
