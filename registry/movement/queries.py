"""Reading models: the filtered province list (screen and export) and similar names.

The list costs a constant number of queries whatever the page size: the rows with their
origin ward joined, a count, and the grouped site figures.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import false, func, or_, select
from sqlalchemy.orm import joinedload

from registry.extensions import db
from registry.figures import rules
from registry.movement.models import CATEGORIES, SETTINGS, STATUSES, MovementModel
from registry.tenants.models import Province
from registry.tenants.scoping import national_scope
from registry.text import fold, like_pattern
from registry.web import int_arg

PER_PAGE = 25
SORTS = {
    "name": (_l("Name A–Z"), (MovementModel.name_folded, MovementModel.id)),
    "-name": (_l("Name Z–A"), (MovementModel.name_folded.desc(), MovementModel.id.desc())),
    "-updated": (_l("Recently changed"), (MovementModel.updated_at.desc(), MovementModel.id.desc())),
    "-launched": (_l("Newest launch"), (MovementModel.launched_on.desc(), MovementModel.id.desc())),
    "launched": (_l("Oldest launch"), (MovementModel.launched_on, MovementModel.id)),
    "due": (_l("Next review due"), (MovementModel.next_review_due_on, MovementModel.id)),
}
DEFAULT_SORT = "name"


@dataclass(frozen=True)
class ListFilters:
    """The list's state, as it stands in the URL."""

    q: str = ""
    category: str = ""
    setting: str = ""
    status: str = ""
    ward: int | None = None
    recognised: str = ""  # "", "yes", "no"
    overdue: bool = False
    sort: str = DEFAULT_SORT
    page: int = 1

    @classmethod
    def from_args(cls, args) -> ListFilters:
        """Unknown values are dropped, never an error: a shared link keeps working."""
        ward = int_arg("ward", args=args)
        return cls(
            q=(args.get("q") or "").strip()[:100],
            category=_known(args.get("category"), CATEGORIES),
            setting=_known(args.get("setting"), SETTINGS),
            status=_known(args.get("status"), STATUSES),
            ward=ward if ward and ward > 0 else None,
            recognised=_known(args.get("recognised"), {"yes": 1, "no": 1}),
            overdue=args.get("overdue") in ("1", "on", "yes"),
            sort=_known(args.get("sort"), SORTS) or DEFAULT_SORT,
            page=max(1, min(int_arg("page", 1, args) or 1, 100_000)),
        )

    def args(self, **changes) -> dict:
        """Query arguments for ``url_for``, without the defaults, so URLs stay short."""
        values = {**asdict(self), **changes}
        defaults = asdict(ListFilters())
        return {key: (1 if value is True else value) for key, value in values.items() if value != defaults[key]}

    @property
    def active(self) -> bool:
        return bool(self.args(sort=DEFAULT_SORT, page=1))


def _known(value: str | None, allowed) -> str:
    return value if value in allowed else ""


def filtered(filters: ListFilters, today: date):
    """SELECT of the current province's models matching ``filters`` (no order, no paging)."""
    statement = select(MovementModel)
    if filters.q:
        pattern = like_pattern(filters.q)
        statement = statement.where(or_(
            MovementModel.name_folded.like(pattern, escape="\\"), MovementModel.tags_folded.like(pattern, escape="\\")))
    for column, value in ((MovementModel.category, filters.category), (MovementModel.target_setting, filters.setting),
                          (MovementModel.status, filters.status), (MovementModel.origin_ward_id, filters.ward)):
        if value:
            statement = statement.where(column == value)
    if filters.recognised == "yes":
        statement = statement.where(MovementModel.recognised_year.is_not(None))
    elif filters.recognised == "no":
        statement = statement.where(MovementModel.recognised_year.is_(None))
    if filters.overdue:
        statement = statement.where(rules.overdue(today))
    return statement


def ordered(statement, filters: ListFilters):
    return statement.order_by(*SORTS[filters.sort][1])


def page_of_models(filters: ListFilters, today: date, per_page: int = PER_PAGE) -> tuple[list[MovementModel], int]:
    """One page of the list and the total count: two queries."""
    statement = filtered(filters, today)
    total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    rows = db.session.scalars(
        ordered(statement, filters).options(joinedload(MovementModel.origin_ward))
        .limit(per_page).offset((filters.page - 1) * per_page)
    ).all()
    return list(rows), total or 0


def merge_candidates(model: MovementModel) -> list[tuple[int, str]]:
    """(id, name) of the models ``model`` may be merged into when it ends: the province's
    others that have not ended, by name (the status form and the API)."""
    return [tuple(row) for row in db.session.execute(
        select(MovementModel.id, MovementModel.name)
        .where(MovementModel.id != model.id, ~rules.ended()).order_by(MovementModel.name_folded))]


# -- "Similar models already exist" ---------------------------------------------------------

SIMILAR_LIMIT = 5
_STOP_WORDS = {"mo", "hinh", "to", "va", "cua", "cac", "khong", "co"}


def _words(text: str) -> list[str]:
    return [word for word in fold(text).split() if len(word) > 1 and word not in _STOP_WORDS]


def _closest(name: str, candidates) -> list:
    wanted = set(_words(name))
    scored = []
    for model in candidates:
        shared = wanted & set(_words(model.name))
        if shared:
            scored.append((-len(shared) / len(wanted | set(_words(model.name))), model.name_folded, model))
    return [model for *_key, model in sorted(scored, key=lambda item: item[:2])[:SIMILAR_LIMIT]]


def _matching(words: list[str]):
    return or_(*(MovementModel.name_folded.like(like_pattern(word), escape="\\") for word in words)) if words else false()


def similar_models(name: str, province_id: int, exclude_id: int | None = None) -> tuple[list, list[tuple]]:
    """The province's closest models and the national catalogue's (recognised, other provinces).

    Diacritic-blind; the catalogue is read in the national scope on purpose (recognised models
    only). Returns (province models, [(model, province name)]).
    """
    words = _words(name)[:8]
    if not words:
        return [], []
    own = db.session.scalars(
        select(MovementModel).where(_matching(words), MovementModel.id != (exclude_id or 0)).limit(200)).all()
    with national_scope():
        rows = db.session.execute(
            select(MovementModel, Province.name).join(Province, Province.id == MovementModel.province_id)
            .where(_matching(words), MovementModel.recognised_year.is_not(None),
                   MovementModel.province_id != province_id)
            .limit(200)
        ).all()
    names = {model.id: province_name for model, province_name in rows}
    national = _closest(name, [model for model, _name in rows])
    return _closest(name, own), [(model, names[model.id]) for model in national]
