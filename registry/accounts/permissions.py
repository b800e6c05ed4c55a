"""Role checks for views. Province membership itself is checked by the tenant blueprint."""
from __future__ import annotations

from functools import wraps

from flask import abort, g
from flask_login import current_user, login_required

from registry.accounts.models import EDITING_ROLES, PROVINCE_ADMIN
from registry.tenants.scoping import national_scope


def province_role_required(*roles: str):
    """403 unless the user's role in the current province is one of ``roles``."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if g.membership.role not in roles:
                abort(403)
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
            if current_user.ministry_role not in roles:
                abort(403)
            with national_scope():
                return view(*args, **kwargs)

        return wrapped

    return decorator
