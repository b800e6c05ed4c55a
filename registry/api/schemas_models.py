"""The JSON shapes of models and their replication sites (see ``registry.api.schemas``)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, Field

from registry.api.schemas import (
    Category, EndReason, Input, ModelStatus, Move, Output, PageQuery, Paged, Setting, SiteStatus, Sort, WardRef,
)
from registry.api.validation import form_limits
from registry.movement.forms import ModelForm


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
    live_sites: int = Field(description="Active sites while the model is running (none while it is suspended or ended).")
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
    tags: list[Annotated[str, Field(max_length=100, pattern=r"^[^,]*$")]] = Field(default_factory=list, max_length=50)


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
    tags: Optional[list[Annotated[str, Field(max_length=100, pattern=r"^[^,]*$")]]] = Field(None, max_length=50)


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
