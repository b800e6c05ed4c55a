"""Jobs of the national figures: the dashboards' pre-aggregated figures (scheduled in jobs/cron.py)."""
from __future__ import annotations

from registry.national import summary


def refresh_figures() -> str:
    """Every province's dashboard figures, computed again; returns the moment (ISO 8601)."""
    return summary.refresh().isoformat()
