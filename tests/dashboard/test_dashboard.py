"""The province dashboard: figures, charts and tables on a known data set."""
from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy import select

from registry.dashboard.queries import dashboard
from registry.extensions import db
from registry.replication.models import ReplicationSite
from registry.clock import VIETNAM
from registry.tenants.models import Ward
from tests.conftest import province
from tests.reviews.factories import make_review, scheduled_model

TODAY = date(2026, 3, 16)


def _data_set(slug: str = "quang-tri") -> None:
    place = province(slug)
    cameras = [scheduled_model(place, category="cameras", next_review_due_on=day)
               for day in (date(2026, 3, 1), date(2026, 4, 1), date(2026, 9, 1))]
    families = scheduled_model(place, category="inter_family", next_review_due_on=date(2026, 1, 1))
    scheduled_model(place, category="inter_family", status="ended", next_review_due_on=None)
    scheduled_model(place, category="drug_prevention", status="draft", next_review_due_on=None)
    make_review(cameras[0], date(2025, 1, 1), date(2025, 6, 30), rating="weak", refresh=False)
    make_review(cameras[0], date(2025, 7, 1), date(2025, 12, 31), rating="excellent", refresh=False,
                submitted_at=datetime(2026, 1, 5, 2, tzinfo=VIETNAM), due_on=date(2026, 1, 31))
    make_review(families, date(2025, 7, 1), date(2025, 12, 31), rating="weak", refresh=False,
                submitted_at=datetime(2026, 2, 5, 2, tzinfo=VIETNAM), due_on=date(2026, 1, 31))
    wards = db.session.scalars(select(Ward).where(Ward.province_id == place.id).limit(2)).all()
    for ward in wards:
        db.session.add(ReplicationSite(province_id=place.id, model_id=cameras[1].id, ward_id=ward.id))
    db.session.flush()


def test_the_dashboard_counts_models_reviews_and_last_ratings(app, app_ctx):
    _data_set()
    db.session.commit()  # the kept counters count what a transaction changed as it commits
    place = province("quang-tri")
    figures = dashboard(place, TODAY)
    assert dict(figures.by_category) == {"cameras": 3, "inter_family": 2, "drug_prevention": 1}
    assert dict(figures.by_status) == {"active": 4, "ended": 1, "draft": 1}
    assert (figures.due_soon, figures.overdue) == (1, 2)
    assert (figures.on_time.on_time, figures.on_time.total) == (2, 3)
    assert dict(figures.last_ratings) == {"excellent": 1, "weak": 1}
    assert figures.coverage.wards_covered == 2 and figures.coverage.wards_total > 2


def test_the_dashboard_page_draws_charts_and_tables_of_its_own_province(app, client, sign_in):
    with app.app_context():
        _data_set()
        _data_set("lam-dong")
        db.session.commit()
    sign_in("viewer")
    page = client.get("/p/quang-tri/dashboard").text  # the clock is frozen on 16/03/2026
    assert page.count('<ul class="bar-chart"') == 3
    assert '<ul class="bar-chart" aria-label="Models by category">' in page
    cameras = re.search(r'<span class="bar-chart__label"><a href="([^"]+)">Security cameras</a></span>.*?<rect x="0" y="1" width="([\d.]+)%".*?'
                        r'<span class="bar-chart__value">([^<]+)</span>', page, re.DOTALL)
    # Half its track: 3 of the 6 models (a share of the whole, not of the longest bar), and a link to them.
    assert cameras.groups() == ("/p/quang-tri/models/?category=cameras", "50.0", "3 (50%)")
    assert "Inter-family groups" in page and "67%" in page and "2 of 3 reviews" in page
    assert '<dt>Models</dt><dd><a href="/p/quang-tri/models/">6</a></dd>' in page, "only this province's six models, a link to them"
