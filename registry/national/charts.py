"""Bar charts drawn on the server: each row is a label, an SVG bar and its value in words.

Readable without colour: the value is always written next to the bar, and a bar made of
several parts draws each part with its own pattern (solid, hatched), named in a legend.
"""
from __future__ import annotations

from dataclasses import dataclass

SOLID, HATCHED = "solid", "hatched"


@dataclass(frozen=True)
class Segment:
    percent: float  # of the bar's full width, 0–100
    pattern: str = SOLID


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    segments: tuple[Segment, ...]
    href: str | None = None


def simple_bars(rows: list[tuple[str, float, str, str | None]], maximum: float | None = None) -> list[Bar]:
    """One solid bar per (label, value, text, href), scaled to ``maximum`` (the largest value by default)."""
    top = maximum if maximum is not None else max((value for _, value, _, _ in rows), default=0)
    return [
        Bar(label, text, (Segment(_percent(value, top)),), href)
        for label, value, text, href in rows
    ]


def split_bar(label: str, parts: list[tuple[float, str]], total: float, text: str, href: str | None = None) -> Bar:
    """A bar of ``total`` made of (value, pattern) parts, e.g. on time (solid) then late (hatched)."""
    return Bar(label, text, tuple(Segment(_percent(value, total), pattern) for value, pattern in parts if value), href)


def _percent(value: float, top: float) -> float:
    return round(100 * value / top, 2) if top else 0.0
