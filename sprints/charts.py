"""Geometry of the server-drawn SVG charts. Templates draw the shapes; all text passes through template escaping.

Coordinates are computed here so templates stay declarative and the numbers behind every point stay testable.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sprints.burndown import Burndown, Day
from sprints.selectors import Velocity
from sprints.wording import day_text, points_text

WIDTH, HEIGHT = 760, 340
LEFT, RIGHT, TOP, BOTTOM = 56, 60, 24, 64
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str  # the hover title


@dataclass(frozen=True)
class Tick:
    pos: float
    label: str


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP
    right_edge: int = WIDTH - RIGHT
    bottom_edge: int = HEIGHT - BOTTOM
    y_ticks: list[Tick] = field(default_factory=list)
    y2_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    series: dict[str, list[Point]] = field(default_factory=dict)
    # Where each line starts, before the first day's work: the committed points (0% along). Drawn as the start of the
    # line only; the dots and their titles are the days'.
    starts: dict[str, Point] = field(default_factory=dict)
    shades: list[tuple[float, float]] = field(default_factory=list)  # (x, width) of non-working days
    markers: list[Point] = field(default_factory=list)  # scope changes
    today_x: float | None = None
    bars: list[dict[str, object]] = field(default_factory=list)
    average_y: float | None = None
    empty: bool = False

    @property
    def plot_height(self) -> int:
        return self.bottom_edge - self.top

    def path(self, name: str) -> str:
        points = self.series.get(name, [])
        if points and name in self.starts:
            points = [self.starts[name], *points]
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in points)

    @property
    def ideal(self) -> str:
        return self.path("ideal")

    @property
    def remaining(self) -> str:
        return self.path("remaining")

    @property
    def progress(self) -> str:
        return self.path("progress")


def nice_ceiling(value: float) -> int:
    """A round axis maximum at or above `value` (5, 10, 20, 25, 50, 100 … steps)."""
    if value <= 5:
        return 5
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return int(step * magnitude)
    return int(10 * magnitude)


def _y(value: float, top_value: float) -> float:
    return TOP + PLOT_H * (1 - value / top_value)


def burndown_chart(chart: Burndown) -> Chart:
    days = chart.days
    out = Chart()
    if not days:
        out.empty = True
        return out
    top_value = nice_ceiling(max([chart.committed, 1, *(d.remaining or 0 for d in days)]))
    # One slot per day plus the sprint's start on the left, where the ideal and the remaining lines leave the
    # committed points (each day's value is the state at its end).
    slot = PLOT_W / len(days)

    def x(index: int) -> float:
        return LEFT + (index + 1) * slot

    out.y_ticks = [Tick(pos=_y(top_value * k / 5, top_value), label=f"{top_value * k / 5:g}") for k in range(6)]
    out.y2_ticks = [Tick(pos=_y(k * 20, 100), label=f"{k * 20}%") for k in range(6)]
    out.x_ticks = [
        Tick(pos=LEFT, label=pgettext("the burndown's first tick", "Start")),
        *(Tick(pos=x(i), label=dateformat.format(d.date, _("D j"))) for i, d in enumerate(days)),
    ]
    start = _("Start of the sprint: %(points)s committed") % {"points": points_text(chart.committed)}
    out.starts = {
        "ideal": Point(LEFT, _y(chart.committed, top_value), start),
        "remaining": Point(LEFT, _y(chart.committed, top_value), start),
        "progress": Point(LEFT, _y(0, 100), start),
    }
    out.shades = [(x(i) - slot / 2, slot) for i, d in enumerate(days) if not d.working]

    def series(value: Callable[[Day], float | None], top: float, title: Callable[[Day], str]) -> list[Point]:
        """A point for each day with a value (on an axis up to `top`), titled for the reader of that day."""
        return [Point(x(i), _y(v, top), title(d)) for i, d in enumerate(days) if (v := value(d)) is not None]

    out.series["ideal"] = series(
        lambda d: d.ideal,
        top_value,
        lambda d: _("%(day)s: ideal %(points)s") % {"day": day_text(d.date), "points": points_text(d.ideal)},
    )
    out.series["remaining"] = series(
        lambda d: d.remaining,
        top_value,
        lambda d: _("%(day)s: %(points)s remaining") % {"day": day_text(d.date), "points": points_text(d.remaining)},
    )
    out.series["progress"] = series(
        lambda d: None if d.weighted_progress is None else d.weighted_progress * 100,
        100,
        lambda d: (
            _("%(day)s: %(percent)s%% along by status weight")
            % {"day": day_text(d.date), "percent": f"{d.weighted_progress * 100:.0f}"}
        ),
    )
    out.markers = series(
        lambda d: (d.remaining or 0) if d.scope_change else None,
        top_value,
        lambda d: (
            _("%(day)s: scope %(sign)s%(points)s")
            % {
                "day": day_text(d.date),
                "sign": "+" if d.scope_change > 0 else "−",
                "points": points_text(abs(d.scope_change)),
            }
        ),
    )
    for i, d in enumerate(days):
        if d.date == chart.today:
            out.today_x = x(i)
    return out


def velocity_chart(velocity: Velocity) -> Chart:
    out = Chart()
    bars = velocity.sprints
    if not bars:
        out.empty = True
        return out
    top_value = nice_ceiling(max(max(b.committed, b.completed) for b in bars))
    group = PLOT_W / len(bars)
    width = min(group * 0.35, 32)
    labels = {
        "committed": _("Sprint %(number)s: %(points)s committed"),
        "completed": _("Sprint %(number)s: %(points)s completed"),
    }
    out.y_ticks = [Tick(pos=_y(top_value * k / 5, top_value), label=f"{top_value * k / 5:g}") for k in range(6)]
    for i, bar in enumerate(bars):
        centre = LEFT + group * (i + 0.5)
        out.x_ticks.append(Tick(pos=centre, label=_("Sprint %(number)s") % {"number": bar.number}))
        for kind, value, offset in (("committed", bar.committed, -width), ("completed", bar.completed, 0.0)):
            y = _y(value, top_value)
            out.bars.append(
                {
                    "kind": kind,
                    "x": round(centre + offset, 1),
                    "y": round(y, 1),
                    "width": round(width, 1),
                    "height": round(TOP + PLOT_H - y, 1),
                    "label": labels[kind] % {"number": bar.number, "points": points_text(value)},
                }
            )
    if velocity.average is not None:
        out.average_y = _y(velocity.average, top_value)
    return out
