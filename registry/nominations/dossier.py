"""The frozen dossier a nomination carries (what it needs first: ``eligibility``).

The snapshot is plain JSON: the model, its sites (with ward names), its submitted reviews
(with indicator names in both languages), the change against the 2019 baseline and the
replication figures, as they stood when the province submitted. Nothing here is read
again from the live tables when a dossier is shown.
"""
from __future__ import annotations

from sqlalchemy import select

from registry.clock import now_utc
from registry.extensions import db
from registry.figures import queries as figures
from registry.figures import rules
from registry.movement.models import MovementModel
from registry.replication.models import SITE_ACTIVE, ReplicationSite
from registry.reviews.models import Review
from registry.tenants.models import Province, Ward

CRIMES, BASELINE = "crimes_social_order", "crimes_social_order_2019"
# The national programme: at least 5% fewer crimes against social order than in 2019.
TARGET_CHANGE_PERCENT = -5.0


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
    live = figures.site_figures([model.id]).get(model.id, figures.SiteFigures())
    province = figures.coverage(model.province_id)
    # The sites counted are the live ones (a model is nominated running, so its active sites).
    active = [s for s in sites if s["status"] == SITE_ACTIVE] if live.live_sites else []
    return {
        "active_sites": live.live_sites,
        "sites_total": len(sites),
        "wards_reached": live.wards_reached,
        "province_wards": province.wards_total,
        "coverage": round(live.wards_reached / province.wards_total * 100, 1) if province.wards_total else 0.0,
        "province_coverage": round(province.share * 100, 1),
        **{name: sum(s[name] or 0 for s in active) for name in ("teams", "members", "households", "cameras")},
        "latest_crime_change": next((r["crime_change"] for r in reviews if r["crime_change"] is not None), None),
    }


def build_snapshot(nomination) -> dict:
    """The dossier's content for ``nomination`` at this moment (JSON-ready)."""
    model = nomination.model
    province = db.session.get(Province, model.province_id)
    reviews = db.session.scalars(
        select(Review).where(Review.model_id == model.id, rules.submitted())
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
