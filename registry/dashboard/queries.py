"""The province dashboard's figures, each read from its one definition (``registry.figures``):
the kept counters for models, coverage and timeliness, the due-date index for what is due."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from registry.figures import queries as figures
from registry.figures.queries import Coverage, OnTime
from registry.tenants.models import Province


@dataclass
class Dashboard:
    by_category: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    coverage: Coverage
    due_soon: int
    overdue: int
    on_time: OnTime
    last_ratings: list[tuple[str, int]]  # running models by the rating of their latest review

    @property
    def models_total(self) -> int:
        return sum(count for _, count in self.by_status)


def _largest_first(counts) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda row: -row[1])


def dashboard(province: Province, today: date) -> Dashboard:
    counts = figures.model_counts(province.id)
    overdue, due_soon = figures.due_counts(today)
    return Dashboard(
        by_category=_largest_first(counts.by_category), by_status=_largest_first(counts.by_status),
        coverage=figures.coverage(province.id), due_soon=due_soon, overdue=overdue,
        on_time=figures.timeliness(today, province.id), last_ratings=list(counts.running_by_rating.items()),
    )
