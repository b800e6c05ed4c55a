"""Effectiveness reviews: the review form, a model's review panel, the reviews board and
the models that need a decision. Pages live under /p/<province>/ (endpoints
``province.reviews.*``); the model page lazy-loads ``province.reviews.model_panel``."""
from flask import Blueprint

bp = Blueprint("reviews", __name__)


def init_app(app) -> None:
    from registry.reviews import board_routes, routes  # noqa: F401  (views register on bp)
    from registry.reviews.models import TARGET_VERDICTS, target_text, target_verdict
    from registry.tenants import nest_in_province

    nest_in_province(bp)
    # Targets worded by direction, on the review page, the model page and the dossier alike.
    app.add_template_global(target_verdict)
    app.add_template_global(target_text)
    app.jinja_env.globals["target_verdicts"] = TARGET_VERDICTS
