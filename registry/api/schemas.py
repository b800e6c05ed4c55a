"""The JSON shapes of the API: pydantic models, from which spectree writes the OpenAPI document.

Codes (categories, statuses, ratings…) are the keys of the areas' own label tables, so a new
choice appears here by itself. Limits of what a user types come from the areas' forms
(``form_limits``) and are checked by those forms; the schema only shows them.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from registry.api.models import SCOPES
from registry.api.validation import form_limits
from registry.movement.forms import ModelForm
from registry.movement.models import CATEGORIES, END_REASONS, SETTINGS, STATUSES
from registry.movement.queries import SORTS
from registry.movement.service import MOVES
from registry.nominations.models import NOMINATION_STATUSES
from registry.replication.models import SITE_STATUSES
from registry.reviews.models import RATINGS, RECOMMENDATIONS, REVIEW_STATUSES


def choice(labels) -> Any:
    """A Literal of the keys of an area's label table."""
    return Literal[tuple(labels)]


Category, Setting, ModelStatus = choice(CATEGORIES), choice(SETTINGS), choice(STATUSES)
EndReason, Move, Sort = choice(END_REASONS), choice(MOVES), choice(SORTS)
Rating, Recommendation, ReviewStatus = choice(RATINGS), choice(RECOMMENDATIONS), choice(REVIEW_STATUSES)
NominationStatus, Scope, SiteStatus = choice(NOMINATION_STATUSES), choice(SCOPES), choice(SITE_STATUSES)


class Output(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ProblemOut(BaseModel):
    """An error (RFC 9457). ``errors`` maps each bad field to its messages."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    code: str
    instance: str
    errors: Optional[dict[str, list[str]]] = None


class PageQuery(BaseModel):
    page: int = Field(1, ge=1, le=100_000, description="Page number, from 1.")
    per_page: int = Field(25, ge=1, le=100, description="Items per page, at most 100.")


class Paged(Output):
    page: int
    per_page: int
    total: int = Field(description="Items matching the filters, on every page.")
    pages: int


# -- The caller --------------------------------------------------------------------------------

class MembershipOut(Output):
    province: str = Field(description="The province's slug.")
    province_name: str
    role: Literal["officer", "province_admin", "viewer"]


class TokenOut(Output):
    name: str
    scope: Scope
    expires_at: datetime


class MeOut(Output):
    id: int
    email: str
    name: str
    ministry_role: Optional[Literal["ministry_reviewer", "ministry_admin"]]
    memberships: list[MembershipOut]
    token: TokenOut


class IndexOut(Output):
    name: str
    version: str
    openapi: str
    docs: str
    me: str


# -- Provinces and wards ---------------------------------------------------------------------

class ProvinceQuery(PageQuery):
    per_page: int = Field(50, ge=1, le=100)
    q: str = Field("", max_length=100, description="Part of the name, with or without diacritics.")


class ProvinceOut(Output):
    slug: str
    code: int
    name: str
    division_type: str
    role: Optional[str] = Field(None, description="Your role in the province, if you are a member.")


class ProvinceList(Paged):
    items: list[ProvinceOut]


class WardQuery(PageQuery):
    per_page: int = Field(50, ge=1, le=100)
    q: str = Field("", max_length=100, description="Part of the name, with or without diacritics.")


class WardRef(Output):
    id: int
    code: int
    name: str


class WardOut(WardRef):
    division_type: str
    former_names: list[str] = Field(description="Units before the July 2025 reorganisation that it took in.")


class WardList(Paged):
    items: list[WardOut]


# -- Models ------------------------------------------------------------------------------------

class ModelQuery(PageQuery):
    q: str = Field("", max_length=100, description="Part of the name or a tag, with or without diacritics.")
    category: Optional[Category] = None
    setting: Optional[Setting] = None
    status: Optional[ModelStatus] = None
    ward: Optional[int] = Field(None, ge=1, le=2**31 - 1, description="Origin ward id.")
    recognised: Optional[Literal["yes", "no"]] = None
    overdue: bool = Field(False, description="Only models whose review is overdue.")
    sort: Sort = "name"


class SiteFiguresOut(Output):
    active_sites: int
    wards_reached: int


class ModelOut(Output):
    id: int
    name: str
    summary: str
    category: Category
    target_setting: Setting
    origin_ward: Optional[WardRef]
    host_organisation: str
    launched_on: Optional[date]
    objectives: str
    how_it_works: str
    resources: str
    review_interval_months: int
    next_review_due_on: Optional[date]
    status: ModelStatus
    end_reason: Optional[EndReason]
    end_reason_text: Optional[str]
    merged_into_id: Optional[int]
    ended_on: Optional[date]
    tags: list[str]
    source_model_id: Optional[int]
    recognised_year: Optional[int]
    recognition_reference: Optional[str]
    created_at: datetime
    updated_at: datetime
    version: int = Field(description="Also the ETag: send it back in If-Match to change the model.")
    figures: SiteFiguresOut
    page: str = Field(description="The model's page in the registry.")


class ModelList(Paged):
    items: list[ModelOut]


def _typed(name: str, **extra):
    return Field(json_schema_extra=form_limits(ModelForm, name) or None, **extra)


class ModelFields(Input):
    """What an officer types on the model form. Dates are ISO 8601 (yyyy-mm-dd)."""

    summary: str = _typed("summary", default="")
    origin_ward_id: Optional[int] = Field(None, description="A ward of the model's province (its id).")
    host_organisation: str = _typed("host_organisation", default="")
    launched_on: Optional[date] = None
    objectives: str = _typed("objectives", default="")
    how_it_works: str = _typed("how_it_works", default="")
    resources: str = _typed("resources", default="")
    review_interval_months: int = _typed("review_interval_months", default=6)
    tags: list[Annotated[str, Field(max_length=100)]] = Field(default_factory=list, max_length=50)


class ModelCreate(ModelFields):
    name: str = _typed("name")
    category: Category
    target_setting: Setting


class ModelUpdate(Input):
    """Only the fields sent change; the others keep their values."""

    name: Optional[str] = _typed("name", default=None)
    summary: Optional[str] = _typed("summary", default=None)
    category: Optional[Category] = None
    target_setting: Optional[Setting] = None
    origin_ward_id: Optional[int] = None
    host_organisation: Optional[str] = _typed("host_organisation", default=None)
    launched_on: Optional[date] = None
    objectives: Optional[str] = _typed("objectives", default=None)
    how_it_works: Optional[str] = _typed("how_it_works", default=None)
    resources: Optional[str] = _typed("resources", default=None)
    review_interval_months: Optional[int] = _typed("review_interval_months", default=None)
    tags: Optional[list[Annotated[str, Field(max_length=100)]]] = Field(None, max_length=50)


class StatusChange(Input):
    """One status move: activate, suspend, resume, end (ending says why)."""

    move: Move
    reason: Optional[EndReason] = Field(None, description="Why the model ends (move end).")
    reason_text: Optional[str] = Field(None, max_length=2000, description="Needed when the reason is other.")
    merged_into: Optional[int] = Field(None, description="The model it was merged into (reason merged).")


# -- Replication sites -----------------------------------------------------------------------

class SiteQuery(PageQuery):
    per_page: int = Field(50, ge=1, le=100)
    model: Optional[int] = Field(None, ge=1, le=2**31 - 1, description="Only this model's sites.")
    ward: str = Field("", max_length=120, description="A ward's code, or part of its name without diacritics.")
    status: Optional[SiteStatus] = None
    setting: Optional[Setting] = None


class ModelSiteQuery(PageQuery):
    per_page: int = Field(50, ge=1, le=100)


class SiteOut(Output):
    id: int
    model_id: int
    model_name: str
    ward: WardRef
    sub_unit: str
    setting: Optional[Setting]
    started_on: Optional[date]
    teams: Optional[int]
    members: Optional[int]
    households: Optional[int]
    cameras: Optional[int]
    status: SiteStatus
    notes: str
    created_at: datetime
    updated_at: datetime
    version: int


class SiteList(Paged):
    items: list[SiteOut]


class SiteRow(Input):
    """One site as a spreadsheet row holds it. ``id`` names an existing site of the model; without
    it, a live site with the same ward and sub-unit is that site; otherwise the row is a new site.
    For an existing site only the fields given change."""

    id: Optional[int] = Field(None, ge=1, le=2**31 - 1, description="An existing site of the model.")
    ward: Optional[Annotated[str, Field(max_length=255)] | int] = Field(
        None, description="The ward's name (with or without diacritics), its code, or a pre-2025 unit it took in.")
    sub_unit: Optional[str] = Field(None, max_length=1000, description="Village, residential group, agency, school.")
    setting: Optional[Setting] = None
    started_on: Optional[date] = None
    teams: Optional[int] = Field(None, ge=-2**31, le=2**31 - 1)
    members: Optional[int] = Field(None, ge=-2**31, le=2**31 - 1)
    households: Optional[int] = Field(None, ge=-2**31, le=2**31 - 1)
    cameras: Optional[int] = Field(None, ge=-2**31, le=2**31 - 1)
    status: Optional[SiteStatus] = None
    notes: Optional[str] = Field(None, max_length=10_000)


class SiteRows(Input):
    sites: list[SiteRow] = Field(min_length=1, max_length=1000, description="Up to 1,000 rows.")


class SiteRowsQuery(BaseModel):
    dry_run: bool = Field(False, description="Check every row and say what would happen; write nothing.")
    atomic: bool = Field(False, description="Write nothing unless every row is valid (422 otherwise).")


class SiteRowOut(Output):
    index: int = Field(description="The row's position in the request, from 0.")
    action: Literal["new", "updated", "unchanged", "error"]
    id: Optional[int] = Field(description="The site's id (a new site's once written).")
    errors: dict[str, list[str]] = Field(default_factory=dict)


class SiteRowsOut(Output):
    written: bool
    new: int
    updated: int
    unchanged: int
    errors: int
    rows: list[SiteRowOut]


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


# -- National figures and notifications ------------------------------------------------------

class ProvinceFiguresOut(Output):
    province: str
    name: str
    wards_total: int
    wards_covered: int
    coverage: float
    models: int
    active_models: int
    recognised: int
    reviews_submitted: int
    reviews_on_time: int
    on_time_share: Optional[float]
    overdue: int
    by_category: dict[str, int]
    last_ratings: dict[str, int]


class NationalFiguresOut(Output):
    refreshed_at: datetime
    provinces: list[ProvinceFiguresOut]
    by_category: dict[str, int]
    recognised_by_year: dict[str, int]
    pipeline: dict[str, int]


class NotificationQuery(PageQuery):
    unread: bool = Field(False, description="Only the unread ones.")


class NotificationOut(Output):
    id: int
    kind: str
    summary: str
    link: str
    created_at: datetime
    read_at: Optional[datetime]


class NotificationList(Paged):
    unread: int
    items: list[NotificationOut]


class MarkedOut(Output):
    marked: int = Field(description="How many notifications became read.")
