"""Effectiveness reviews: the review form, a model's review panel, the reviews board and
the models that need a decision. Pages live under /p/<province>/ (endpoints
``province.reviews.*``); the model page lazy-loads ``province.reviews.model_panel``."""
from flask import Blueprint, current_app, url_for

bp = Blueprint("reviews", __name__)
MODEL_PAGE = "province.movement.show"


def model_page_url(model_id: int) -> str | None:
    """The model page's address, or None while the models area is not installed."""
    return url_for(MODEL_PAGE, model_id=model_id) if MODEL_PAGE in current_app.view_functions else None


def init_app(app) -> None:
    from registry.reviews import board_routes, routes  # noqa: F401  (views register on bp)
    from registry.reviews.models import TARGET_VERDICTS, target_text, target_verdict
    from registry.tenants import nest_in_province

    nest_in_province(bp)
    app.add_template_global(model_page_url)
    # Targets worded by direction, on the review page, the model page and the dossier alike.
    app.add_template_global(target_verdict)
    app.add_template_global(target_text)
    app.jinja_env.globals["target_verdicts"] = TARGET_VERDICTS
