from __future__ import annotations

from flask import g, url_for

from registry.dashboard import bp
from registry.dashboard.queries import dashboard
from registry.movement.models import CATEGORIES, STATUSES
from registry.page_cache import kept
from registry.reviews.charts import bar_chart
from registry.clock import today
from registry.reviews.models import RATINGS
from registry.web import render_page


@bp.get("/dashboard")
@kept()
def index():
    """The province at a glance. Any member may look."""
    figures = dashboard(g.province, today())
    ratings = [(RATINGS[key], dict(figures.last_ratings).get(key, 0)) for key in RATINGS]
    charts = {
        "categories": bar_chart([(CATEGORIES.get(key, key), n, url_for("province.movement.index", category=key))
                                 for key, n in figures.by_category]),
        "statuses": bar_chart([(STATUSES.get(key, key), n, url_for("province.movement.index", status=key))
                               for key, n in figures.by_status]),
        "ratings": bar_chart(ratings),
    }
    return render_page("dashboard/index.html", "content", figures=figures, charts=charts, ratings=ratings,
                       categories=CATEGORIES, statuses=STATUSES)
