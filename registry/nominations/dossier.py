"""What a nomination needs before it is submitted, and the frozen dossier it carries.

The snapshot is plain JSON: the model, its sites (with ward names), its submitted reviews
(with indicator names in both languages), the change against the 2019 baseline and the
replication figures, as they stood when the province submitted. Nothing here is read
again from the live tables when a dossier is shown.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from registry import clock
from registry.extensions import db
from registry.clock import now_utc
from registry.movement.models import ACTIVE, MovementModel
from registry.replication.models import SITE_ACTIVE, ReplicationSite
from registry.replication.queries import figures_by_model, province_coverage
from registry.reviews.models import REVIEW_SUBMITTED, Review
from registry.reviews.schedule import add_months
from registry.tenants.models import Province, Ward

CRIMES, BASELINE = "crimes_social_order", "crimes_social_order_2019"
# The national programme: at least 5% fewer crimes against social order than in 2019.
TARGET_CHANGE_PERCENT = -5.0
REVIEW_WINDOW_MONTHS = 12


@dataclass(frozen=True)
class Missing:
    """One thing a nomination lacks before it may be submitted, and where to fix it."""

    message: str
    link: str


def model_page_for(slug: str, model_id: int, anchor: str | None = None) -> str:
    """A model's page (the models area), or the province home until that page exists."""
    if "province.movement.show" in current_app.view_functions:
        return url_for("province.movement.show", province=slug, model_id=model_id, _anchor=anchor)
    return url_for("province.tenants.home", province=slug)


def model_page_url(model: MovementModel, anchor: str | None = None) -> str:
    return model_page_for(db.session.get(Province, model.province_id).slug, model.id, anchor)


def panel_page_url(model: MovementModel, endpoint: str) -> str:
    """The page of one of the model's panels (its sites, its reviews), where a gap is filled.

    The model page loads those panels after it has loaded, so an anchor into them would find
    nothing to scroll to; the panel's own page shows it at once.
    """
    if endpoint not in current_app.view_functions:
        return model_page_url(model)
    return url_for(endpoint, province=db.session.get(Province, model.province_id).slug, model_id=model.id)


def latest_review_end(model_id: int) -> date | None:
    return db.session.scalar(
        select(func.max(Review.period_end)).where(Review.model_id == model_id, Review.status == REVIEW_SUBMITTED)
    )


def active_site_count(model_id: int) -> int:
    return db.session.scalar(
        select(func.count(ReplicationSite.id))
        .where(ReplicationSite.model_id == model_id, ReplicationSite.status == SITE_ACTIVE)
    ) or 0


def missing_for(model: MovementModel, statement: str, nomination_url: str, today: date | None = None) -> list[Missing]:
    """Everything that stops a submission, each with a link to fix it; empty when eligible."""
    today = today or clock.today()
    missing = []
    if model.status != ACTIVE:
        missing.append(Missing(str(_l("The model is not active.")), model_page_url(model, "status-panel")))
    last_end = latest_review_end(model.id)
    if last_end is None or last_end < add_months(today, -REVIEW_WINDOW_MONTHS):
        missing.append(Missing(
            str(_l("No effectiveness review submitted in the last 12 months.")),
            panel_page_url(model, "province.reviews.model_panel"),
        ))
    if not active_site_count(model.id):
        missing.append(Missing(str(_l("No active replication site.")),
                               panel_page_url(model, "province.replication.model_sites")))
    if not statement.strip():
        missing.append(Missing(str(_l("The statement is empty.")), nomination_url + "#statement"))
    return missing


def crime_change(crimes: float | None, baseline: float | None) -> float | None:
    """Percentage change against the 2019 baseline; None without both figures."""
    if crimes is None or not baseline:
        return None
    return round((crimes - baseline) / baseline * 100, 1)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _model_part(model: MovementModel) -> dict:
    fields = (
        "id", "name", "summary", "category", "target_setting", "host_organisation", "objectives",
        "how_it_works", "resources", "review_interval_months", "status", "tags", "source_model_id",
    )
    part = {name: getattr(model, name) for name in fields}
    part["launched_on"] = _iso(model.launched_on)
    part["origin_ward"] = model.origin_ward.name if model.origin_ward else None
    return part


def _sites_part(model_id: int) -> list[dict]:
    rows = db.session.execute(
        select(ReplicationSite, Ward.name).join(Ward, Ward.id == ReplicationSite.ward_id)
        .where(ReplicationSite.model_id == model_id).order_by(Ward.name_folded, ReplicationSite.id)
    ).all()
    return [
        {
            "ward": ward_name, "sub_unit": site.sub_unit, "setting": site.setting,
            "started_on": _iso(site.started_on), "status": site.status, "teams": site.teams,
            "members": site.members, "households": site.households, "cameras": site.cameras,
        }
        for site, ward_name in rows
    ]


def _review_part(review: Review) -> dict:
    values = sorted(review.values, key=lambda v: (v.indicator.position, v.indicator.id))
    by_code = {v.indicator.code: v.value for v in values}
    change = crime_change(by_code.get(CRIMES), by_code.get(BASELINE))
    return {
        "period_start": _iso(review.period_start), "period_end": _iso(review.period_end),
        "submitted_at": _iso(review.submitted_at), "rating": review.rating,
        "recommendation": review.recommendation, "findings": review.findings,
        "crime_change": change,
        "meets_target": None if change is None else change <= TARGET_CHANGE_PERCENT,
        "values": [
            {
                "code": v.indicator.code, "name_vi": v.indicator.name_vi, "name_en": v.indicator.name_en,
                "unit_vi": v.indicator.unit_vi, "unit_en": v.indicator.unit_en, "value": v.value,
                "target": v.indicator.target, "higher_is_better": v.indicator.higher_is_better,
            }
            for v in values
        ],
    }


def _figures_part(model: MovementModel, sites: list[dict], reviews: list[dict]) -> dict:
    figures = figures_by_model([model.id]).get(model.id)
    wards_total = db.session.scalar(select(func.count(Ward.id)).where(Ward.province_id == model.province_id)) or 0
    active = [s for s in sites if s["status"] == SITE_ACTIVE]
    wards_reached = figures.wards_reached if figures else 0
    return {
        "active_sites": figures.active_sites if figures else 0,
        "sites_total": len(sites),
        "wards_reached": wards_reached,
        "province_wards": wards_total,
        "coverage": round(wards_reached / wards_total * 100, 1) if wards_total else 0.0,
        "province_coverage": round(province_coverage(model.province_id).share * 100, 1),
        **{name: sum(s[name] or 0 for s in active) for name in ("teams", "members", "households", "cameras")},
        "latest_crime_change": next((r["crime_change"] for r in reviews if r["crime_change"] is not None), None),
    }


def build_snapshot(nomination) -> dict:
    """The dossier's content for ``nomination`` at this moment (JSON-ready)."""
    model = nomination.model
    province = db.session.get(Province, model.province_id)
    reviews = db.session.scalars(
        select(Review).where(Review.model_id == model.id, Review.status == REVIEW_SUBMITTED)
        .order_by(Review.period_end.desc(), Review.id.desc())
    ).all()
    sites = _sites_part(model.id)
    review_parts = [_review_part(review) for review in reviews]
    return {
        "taken_at": now_utc().isoformat(),
        "province": {"id": province.id, "name": province.name, "slug": province.slug},
        "round_year": nomination.round_year,
        "statement": nomination.statement,
        "model": _model_part(model),
        "sites": sites,
        "reviews": review_parts,
        "figures": _figures_part(model, sites, review_parts),
    }
