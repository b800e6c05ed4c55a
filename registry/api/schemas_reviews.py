"""The JSON shapes of reviews, nominations and the catalogue (see ``registry.api.schemas``)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Optional

from pydantic import Field

from registry.api.schemas import (
    Category, Input, ModelStatus, NominationStatus, Output, PageQuery, Paged, Rating, Recommendation, ReviewStatus,
    Setting,
)


# -- Reviews -----------------------------------------------------------------------------------

class IndicatorOut(Output):
    code: str
    name: str
    unit: str
    higher_is_better: bool
    categories: list[str] = Field(description="Model categories that record it; empty: every model.")
    target: Optional[float]


class IndicatorList(Output):
    items: list[IndicatorOut]


class ReviewQuery(PageQuery):
    model: Optional[int] = Field(None, ge=1, le=2**31 - 1, description="Only this model's reviews.")
    status: Optional[ReviewStatus] = None


class ReviewOut(Output):
    id: int
    model_id: int
    period_start: date
    period_end: date
    due_on: Optional[date]
    rating: Optional[Rating]
    recommendation: Optional[Recommendation]
    findings: str
    status: ReviewStatus
    values: dict[str, float] = Field(description="Indicator code → value.")
    crime_change: Optional[float] = Field(description="Change of crimes against social order against 2019, in %.")
    misses_crime_target: bool
    on_time: Optional[bool]
    submitted_at: Optional[datetime]
    created_at: datetime
    updated_at: datetime
    version: int


class ReviewList(Paged):
    items: list[ReviewOut]


class ReviewFields(Input):
    """A review as the form takes it; ``values`` by indicator code (GET /indicators)."""

    period_start: date
    period_end: date
    rating: Optional[Rating] = None
    recommendation: Optional[Recommendation] = None
    findings: str = Field("", max_length=20_000)
    values: dict[Annotated[str, Field(max_length=60)], Optional[float]] = Field(default_factory=dict)


class ReviewSubmit(Input):
    """Submit the draft as it is, or with these changes first."""

    period_start: Optional[date] = None
    period_end: Optional[date] = None
    rating: Optional[Rating] = None
    recommendation: Optional[Recommendation] = None
    findings: Optional[str] = Field(None, max_length=20_000)
    values: Optional[dict[Annotated[str, Field(max_length=60)], Optional[float]]] = None


# -- Nominations and the catalogue -------------------------------------------------------------

class NominationQuery(PageQuery):
    status: Optional[NominationStatus] = None


class NominationOut(Output):
    id: int
    province: str
    model_id: int
    model_name: str
    round_year: int
    statement: str
    status: NominationStatus
    created_at: datetime
    submitted_at: Optional[datetime]
    decided_at: Optional[datetime]
    decision_reference: Optional[str]
    decision_date: Optional[date]


class NominationList(Paged):
    items: list[NominationOut]


class CatalogueQuery(PageQuery):
    q: str = Field("", max_length=100, description="Part of the name, with or without diacritics.")
    category: Optional[Category] = None
    setting: Optional[Setting] = None


class RollupOut(Output):
    own_sites: int
    adopting_provinces: int
    adopted_sites: int
    national_sites: int


class CatalogueEntryOut(Output):
    model_id: int
    name: str
    summary: str
    category: Category
    target_setting: Setting
    province: str
    province_name: str
    status: ModelStatus
    recognised_year: int
    recognition_reference: Optional[str]
    rollup: RollupOut


class CatalogueList(Paged):
    items: list[CatalogueEntryOut]
