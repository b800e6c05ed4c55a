"""The JSON shapes of the API: pydantic models, from which spectree writes the OpenAPI document.
What they share, the caller, provinces and wards, national figures and notifications here;
models and sites in ``schemas_models``, reviews, nominations and the catalogue in ``schemas_reviews``.

Codes (categories, statuses, ratings…) are the keys of the areas' own label tables, so a new
choice appears here by itself. Limits of what a user types come from the areas' forms
(``form_limits``) and are checked by those forms; the schema only shows them.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from registry.api.models import SCOPES
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


# -- National figures and notifications ------------------------------------------------------

class ProvinceFiguresOut(Output):
    province: str
    name: str
    wards_total: int
    wards_covered: int
    coverage: float
    models: int
    active_models: int = Field(description="Running models (status active).")
    recognised: int
    reviews_submitted: int
    reviews_on_time: int
    on_time_share: Optional[float]
    overdue: int
    by_category: dict[str, int]


class NationalFiguresOut(Output):
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
