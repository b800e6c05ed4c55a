"""Role checks for views. Province membership itself is checked by the tenant blueprint (404),
and the ministry's pages by ``ministry_role_required`` (sign-in, then 403 for anyone without a
ministry role): those are the gates of an area.

Inside an area every view runs in the same order: load what the URL names (404 if it is not
there or not ours), check the role for it (403), act. A view that loads something calls
``require_*`` after loading; a view with nothing to load may use the decorators, which check
first (there is nothing to load before).
"""
from __future__ import annotations

from functools import wraps

from flask import abort, g
from flask_login import current_user, login_required

from registry.accounts.models import EDITING_ROLES, PROVINCE_ADMIN
from registry.tenants.scoping import national_scope


def require_province_role(*roles: str) -> None:
    """403 unless the user's role in the current province is one of ``roles``."""
    if g.membership.role not in roles:
        abort(403)


def require_editor() -> None:
    """403 for viewers: only officers and the province's admins change its records."""
    require_province_role(*EDITING_ROLES)


def require_province_admin() -> None:
    require_province_role(PROVINCE_ADMIN)


def require_ministry_role(*roles: str) -> None:
    """403 unless the signed-in user holds one of the ministry ``roles``."""
    if current_user.ministry_role not in roles:
        abort(403)


def province_role_required(*roles: str):
    """Decorator form of ``require_province_role``, for views that load nothing."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            require_province_role(*roles)
            return view(*args, **kwargs)

        return wrapped

    return decorator


editor_required = province_role_required(*EDITING_ROLES)
province_admin_required = province_role_required(PROVINCE_ADMIN)


def ministry_role_required(*roles: str):
    """Sign-in required; 403 unless the user holds one of the ministry ``roles``.

    The view then runs in the national scope: it reads across provinces on purpose.
    """

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            require_ministry_role(*roles)
            with national_scope():
                return view(*args, **kwargs)

        return wrapped

    return decorator
