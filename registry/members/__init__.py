"""A province's people: who is a member, and invitations by its admins."""
from flask import Blueprint

bp = Blueprint("members", __name__, url_prefix="/members")


def init_app(app) -> None:
    from registry.members import routes  # noqa: F401
    from registry.tenants import nest_in_province

    nest_in_province(bp)
