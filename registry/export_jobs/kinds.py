"""What can be exported. Each area registers its kinds when it starts (``register``).

A kind reads the list's filters from a mapping of text (as they stood in the URL), so the
job rebuilds exactly the list the user saw. ``count`` and ``rows`` run in the export's
province scope; ``rows`` yields plain values (never ORM objects) in batches, so the job may
commit its progress between rows and memory stays flat.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from werkzeug.datastructures import MultiDict

from registry.tenants.models import Province

Filters = MultiDict  # of text, as a request's query arguments


def as_filters(values: Mapping) -> Filters:
    """Filters as text, without the empty ones: what is stored and what the kinds read."""
    return MultiDict({key: str(value) for key, value in values.items() if value not in (None, "")})


@dataclass(frozen=True)
class ExportKind:
    name: str
    title: Callable[[Province, Filters], str]       # the export page's heading
    sheet: Callable[[], str]                        # the XLSX sheet's name
    header: Callable[[], list[str]]
    count: Callable[[int, Filters], int]            # (province id, filters)
    rows: Callable[[int, Filters], Iterator[list]]
    file_stem: Callable[[Province, Filters], str]   # ASCII, without date or extension
    list_url: Callable[[Filters], str]              # back to the list, filtered the same way
    # XLSX only: column widths, and drop-down lists (``registry.exports.DropDown``) of the province
    widths: Callable[[], list[int]] | None = None
    lists: Callable[[Province], tuple[str, list]] | None = None   # (lists sheet's title, drop-downs)

    def xlsx_options(self, province: Province) -> dict[str, Any]:
        options: dict[str, Any] = {"widths": self.widths()} if self.widths else {}
        if self.lists:
            options["lists_title"], options["lists"] = self.lists(province)
        return options


_KINDS: dict[str, ExportKind] = {}


def register(kind: ExportKind) -> None:
    _KINDS[kind.name] = kind


def kind_named(name: str) -> ExportKind:
    """The registered kind; KeyError for an unknown name (a programming error)."""
    return _KINDS[name]
