"""Lessons: the national view of ended models (why they ended, the last findings and
recommendation), for every signed-in officer, so that "did not work" stays visible elsewhere.

``bp`` serves ``/lessons/`` across provinces through the explicit national scope, as the
catalogue does; ``province_bp`` serves the province's own choice to withhold an ended model's
notes from it.
"""
from flask import Blueprint

bp = Blueprint("lessons", __name__, url_prefix="/lessons")
province_bp = Blueprint("lessons_province", __name__)


def init_app(app) -> None:
    from registry.lessons import routes  # noqa: F401
    from registry.tenants import nest_in_province

    app.register_blueprint(bp)
    nest_in_province(province_bp)
