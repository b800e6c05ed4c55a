"""A province's people: who is a member, and invitations by its admins."""
from flask import Blueprint

bp = Blueprint("members", __name__, url_prefix="/members")


def init_app(app) -> None:
    from registry.members import routes  # noqa: F401
    from registry.tenants import province_bp

    province_bp.register_blueprint(bp)
