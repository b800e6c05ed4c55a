"""The second factor: time-based one-time codes (TOTP, RFC 6238) and one-time recovery codes.

Codes are 6 digits for 30-second steps (what every authenticator app reads from the QR code);
one step before or after is accepted for clocks a little off, and never a step at or before the
last one accepted, so a code seen over someone's shoulder cannot be used again. Ten recovery
codes are given at enrolment, shown once and stored as SHA-256 (they are random, 80 bits each).
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

import pyotp
import segno
from markupsafe import Markup
from sqlalchemy import or_, select, update
from sqlalchemy.orm.attributes import set_committed_value

from registry.accounts.models import RecoveryCode, User
from registry.clock import now_utc
from registry.extensions import db

ISSUER = "So mo hinh phong trao"  # ASCII: some authenticator apps mangle other characters
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str, title: str) -> Markup:
    """The QR code as an inline SVG element (no script, no image request: fine under the CSP)."""
    svg = segno.make(uri, error="m").svg_inline(scale=5, border=2, title=title, dark="#1b1f24", light="#ffffff")
    return Markup(svg)


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def _digits(code: str) -> str:
    return "".join(ch for ch in code if ch.isdigit())


def matching_step(secret: str, code: str, after: int | None) -> int | None:
    """The time step ``code`` is valid for (now, one before or one after), if later than ``after``."""
    code = _digits(code)
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now = now_utc()
    current = totp.timecode(now)
    for step in (current, current - 1, current + 1):
        if after is not None and step <= after:
            continue
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def verify_code(user: User, code: str) -> bool:
    """Accept a current code of the user's authenticator once; the caller commits.

    The step is claimed by one UPDATE that only succeeds while no later step was accepted, so
    two requests racing with the same code cannot both pass.
    """
    if not user.has_second_factor:
        return False
    step = matching_step(user.totp_secret, code, user.totp_last_step)
    if step is None:
        return False
    claimed = db.session.execute(
        update(User).where(User.id == user.id, or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step).execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        return False
    set_committed_value(user, "totp_last_step", step)
    return True


def _hash(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").replace(" ", "").strip().lower().encode()).hexdigest()


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with ten new ones; return them to show once. The caller commits."""
    for old in db.session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user.id)):
        db.session.delete(old)
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(16))
        codes.append("-".join(raw[i:i + 4] for i in range(0, 16, 4)))
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(code)) for code in codes)
    return codes


def use_recovery_code(user: User, code: str) -> bool:
    """Spend one unused recovery code of the user; the caller commits."""
    if len(code.replace("-", "").replace(" ", "").strip()) != 16:
        return False
    row = db.session.scalar(select(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _hash(code), RecoveryCode.used_at.is_(None)))
    if row is None:
        return False
    row.used_at = now_utc()
    return True


def recovery_codes_left(user: User) -> int:
    return len(db.session.scalars(select(RecoveryCode.id).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))).all())


def enable(user: User, secret: str) -> None:
    user.totp_secret = secret
    user.totp_enabled_at = now_utc()


def remove(user: User) -> None:
    """No second factor any more (the user enrols again); recovery codes go too. The caller commits."""
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    for old in db.session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user.id)):
        db.session.delete(old)
