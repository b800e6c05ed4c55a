"""The columns of a spreadsheet that is at once an export, its import's template, and an import.

A ``Column`` has a field name, the header the export writes (translated: Vietnamese by
default, English for an English interface) and the other headers officers use for it. An
import recognises a column by any of them, in either language, case, diacritics,
punctuation and any "(…)" aside; a ``read_only`` column (a figure the registry computes) is
written by the export and recognised on import only to say it is not imported.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import force_locale

from registry.text import fold


@dataclass(frozen=True)
class Column:
    field: str
    label: object                   # a lazy string: the header in the interface's language
    aliases: tuple[str, ...] = ()   # other headers, as officers write them
    width: int = 16                 # in the exported XLSX, in characters
    read_only: bool = False

    @property
    def header(self) -> str:
        return str(self.label)


def header_key(header) -> str:
    """What identifies a header: folded, without "(…)", spaces or punctuation."""
    text = re.sub(r"\(.*?\)", "", str(header or ""))
    return re.sub(r"[^a-z0-9]", "", fold(text))


def header_keys(columns: tuple[Column, ...]) -> dict[str, str]:
    """Header key → field, for every header a column may carry; the first column claiming a key keeps it."""
    keys: dict[str, str] = {}
    for column in columns:
        spellings = [column.field, *column.aliases]
        for locale in ("vi", "en"):
            with force_locale(locale):
                spellings.append(str(column.label))
        for spelling in spellings:
            keys.setdefault(header_key(spelling), column.field)
    keys.pop("", None)
    return keys


def headers(columns: tuple[Column, ...]) -> list[str]:
    return [column.header for column in columns]


def widths(columns: tuple[Column, ...]) -> list[int]:
    return [column.width for column in columns]
