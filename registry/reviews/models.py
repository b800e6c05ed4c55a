"""Effectiveness reviews and the catalogue of indicators they record."""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.clock import now_utc
from registry.core.formatting import format_number
from registry.extensions import db
from registry.movement.models import MovementModel
from registry.tenants.models import ProvinceOwned

RATINGS = {"excellent": _l("Excellent"), "good": _l("Good"), "average": _l("Average"), "weak": _l("Weak")}
RECOMMENDATIONS = {"continue": _l("Continue"), "expand": _l("Expand"), "adjust": _l("Adjust"), "end": _l("End")}
REVIEW_DRAFT, REVIEW_SUBMITTED = "draft", "submitted"
REVIEW_STATUSES = {REVIEW_DRAFT: _l("Draft"), REVIEW_SUBMITTED: _l("Submitted")}
WEAK, END = "weak", "end"
# The national programme: at least 5% fewer crimes against social order than in 2019.
CRIMES, BASELINE = "crimes_social_order", "crimes_social_order_2019"
NATIONAL_TARGET_CHANGE = -5.0

# How a value stands against its indicator's target, worded by the indicator's direction: a
# count that should stay low (serious crimes, target 0) is "over the permitted level" when it
# misses, never "above target", which reads as praise ("vượt chỉ tiêu").
MET, NOT_MET, OVER_LIMIT = "met", "not_met", "over_limit"
TARGET_VERDICTS = {MET: _l("Target met"), NOT_MET: _l("Target not met"), OVER_LIMIT: _l("Over the permitted level")}


def target_verdict(value: float | None, target: float | None, higher_is_better: bool) -> str | None:
    """MET, NOT_MET (below a minimum) or OVER_LIMIT (above a maximum); None without both numbers."""
    if value is None or target is None:
        return None
    if higher_is_better:
        return MET if value >= target else NOT_MET
    return MET if value <= target else OVER_LIMIT


def target_text(target: float | None, higher_is_better: bool) -> str | None:
    """The target as an officer reads it: "at least 10" or "at most 0"."""
    if target is None:
        return None
    number = format_number(int(target) if float(target).is_integer() else target)
    return str(_l("at least %(target)s", target=number) if higher_is_better else _l("at most %(target)s", target=number))


class Indicator(db.Model):
    """What a review measures. Data, not columns: new indicators need no migration."""

    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    name_vi: Mapped[str] = mapped_column(String(255))
    name_en: Mapped[str] = mapped_column(String(255))
    unit_vi: Mapped[str] = mapped_column(String(60), default="")
    unit_en: Mapped[str] = mapped_column(String(60), default="")
    higher_is_better: Mapped[bool] = mapped_column(default=True)
    # Comma-separated model categories that use it; empty means every model (a core indicator).
    categories: Mapped[str] = mapped_column(String(500), default="")
    # A target every review should meet, e.g. 0 prolonged mass complaints.
    target: Mapped[float | None]
    position: Mapped[int] = mapped_column(default=0)

    @property
    def name(self) -> str:
        """The name in the interface language (Vietnamese unless the user chose English)."""
        return self.name_en if str(get_locale() or "vi") == "en" else self.name_vi

    @property
    def unit(self) -> str:
        return self.unit_en if str(get_locale() or "vi") == "en" else self.unit_vi

    @property
    def field_name(self) -> str:
        return f"value_{self.code}"

    def applies_to(self, category: str) -> bool:
        return not self.categories or category in self.categories.split(",")

    def verdict(self, value: float | None) -> str | None:
        return target_verdict(value, self.target, self.higher_is_better)

    @property
    def target_text(self) -> str | None:
        return target_text(self.target, self.higher_is_better)


class Review(ProvinceOwned, db.Model):
    __tablename__ = "review"

    id: Mapped[int] = mapped_column(primary_key=True)
    model_id: Mapped[int] = mapped_column(ForeignKey("movement_model.id", ondelete="CASCADE"), index=True)
    period_start: Mapped[date]
    period_end: Mapped[date]
    # The date the review fell due when it was opened, for the on-time rate.
    due_on: Mapped[date | None]
    rating: Mapped[str | None] = mapped_column(String(20))
    findings: Mapped[str] = mapped_column(Text, default="")
    recommendation: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=REVIEW_DRAFT, index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # The old moment stays known when it changes: the day counters of both days are counted again.
    submitted_at: Mapped[datetime | None] = mapped_column(active_history=True)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)
    version: Mapped[int] = mapped_column(default=1)

    model: Mapped[MovementModel] = relationship()
    values: Mapped[list[ReviewValue]] = relationship(
        back_populates="review", cascade="all, delete-orphan", lazy="selectin"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_submitted(self) -> bool:
        return self.status == REVIEW_SUBMITTED

    def value_of(self, code: str) -> float | None:
        return next((v.value for v in self.values if v.indicator.code == code), None)

    @property
    def crime_change(self) -> float | None:
        """Percentage change of crimes against social order against the 2019 baseline."""
        return crime_change(self.value_of(CRIMES), self.value_of(BASELINE))

    @property
    def on_time(self) -> bool | None:
        """Submitted on or before the due date it answered (Vietnam's calendar day)."""
        from registry.figures.rules import is_on_time  # the rule lives with the figures built on it

        return is_on_time(self)

    @property
    def misses_crime_target(self) -> bool:
        change = self.crime_change
        return change is not None and change > NATIONAL_TARGET_CHANGE


def crime_change(crimes: float | None, baseline: float | None) -> float | None:
    if crimes is None or not baseline:
        return None
    return (crimes - baseline) / baseline * 100


class ReviewValue(ProvinceOwned, db.Model):
    __tablename__ = "review_value"
    __table_args__ = (UniqueConstraint("review_id", "indicator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"))
    value: Mapped[float] = mapped_column(Numeric(14, 2, asdecimal=False))

    review: Mapped[Review] = relationship(back_populates="values")
    indicator: Mapped[Indicator] = relationship(lazy="joined")
