"""Geometry of the small server-rendered SVG charts (templates/reviews/_charts.html).

Charts carry their numbers as text labels and a <title>, so they read without colour
and without a mouse; the templates only draw what is computed here.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

WIDTH, HEIGHT = 320, 150
LEFT, RIGHT, TOP, BOTTOM = 44, 30, 20, 34
MIN_TICK_GAP = 14  # pixels between two axis labels


@dataclass
class Point:
    x: float
    y: float
    value: float
    label: str
    missed: bool = False


@dataclass
class LineChart:
    points: list[Point]
    y_ticks: list[tuple[float, float]]  # (y, value)
    target_y: float | None = None
    target: float | None = None
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT

    @property
    def path(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def baseline_y(self) -> float:
        return self.height - BOTTOM


def line_chart(series: list[tuple[str, float]], target: float | None = None,
               missed: Callable[[float], bool] | None = None) -> LineChart:
    """Points for ``series`` ((label, value) in order) on a scale that includes 0 and ``target``."""
    values = [value for _, value in series]
    low = min(values + [0.0] + ([target] if target is not None else []))
    high = max(values + [0.0] + ([target] if target is not None else []))
    if high == low:
        high = low + 1
    span = high - low
    low, high = (math.floor(low - span * 0.1) if low < 0 else low), math.ceil(high + span * 0.1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y_of(value: float) -> float:
        return TOP + plot_h * (high - value) / (high - low)

    step = plot_w / max(len(series) - 1, 1)
    points = [
        Point(LEFT + (step * i if len(series) > 1 else plot_w / 2), y_of(value), value, label,
              bool(missed and missed(value)))
        for i, (label, value) in enumerate(series)
    ]
    ticks = [(y_of(0.0), 0.0)] + [
        (y_of(t), t) for t in {low, high} if t != 0 and abs(y_of(t) - y_of(0.0)) >= MIN_TICK_GAP
    ]
    return LineChart(points, sorted(ticks),
                     y_of(target) if target is not None else None, target)


@dataclass
class Bar:
    label: str
    value: float
    share: float  # of the whole, 0–1: the bar's width on a track of the same length for every bar
    href: str | None = None  # the list behind the bar


@dataclass
class BarChart:
    bars: list[Bar] = field(default_factory=list)


def bar_chart(rows: list[tuple], whole: float | None = None) -> BarChart:
    """Horizontal bars, one per (label, value[, href]), each as wide as its share of ``whole``
    (the sum of the values by default): a category of one model in six is a sixth of its track."""
    whole = whole if whole is not None else sum(row[1] for row in rows)
    return BarChart([Bar(str(row[0]), row[1], row[1] / whole if whole else 0.0, row[2] if len(row) > 2 else None)
                     for row in rows])
