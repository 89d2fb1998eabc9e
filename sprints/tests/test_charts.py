"""The burndown chart's lines leave the committed points at the sprint's start and the ideal reaches zero at the end."""

import datetime

from sprints.burndown import Burndown, Day
from sprints.charts import burndown_chart


def points(path: str) -> list[tuple[float, float]]:
    return [tuple(map(float, pair.split(","))) for pair in path.split()]


def sample() -> Burndown:
    start = datetime.date(2026, 3, 2)
    days = [
        Day(date=start, working=True, ideal=16.0, remaining=20, weighted_progress=0.1, scope_change=0),
        Day(date=start + datetime.timedelta(1), working=True, ideal=12.0, remaining=15, weighted_progress=0.3),
        Day(date=start + datetime.timedelta(2), working=True, ideal=8.0, remaining=None),
        Day(date=start + datetime.timedelta(3), working=True, ideal=4.0, remaining=None),
        Day(date=start + datetime.timedelta(4), working=True, ideal=0.0, remaining=None),
    ]
    return Burndown(committed=20, days=days, today=start + datetime.timedelta(1))


def test_the_ideal_and_remaining_lines_start_at_the_committed_points():
    chart = burndown_chart(sample())
    ideal, remaining = points(chart.ideal), points(chart.remaining)
    # The axis tops out at the committed 20 points, so the lines start at the top left corner.
    assert [t.label for t in chart.y_ticks] == ["0", "4", "8", "12", "16", "20"]
    assert ideal[0] == (chart.left, chart.top)
    assert remaining[0] == ideal[0]
    assert chart.x_ticks[0].label == "Start"
    assert ideal[-1][1] == chart.bottom_edge  # zero at the end date
    assert len(ideal) == 6 and len(remaining) == 3  # the start, then one point a day (remaining only up to today)


def test_each_day_keeps_its_own_dot_and_title():
    chart = burndown_chart(sample())
    assert [p.label for p in chart.series["remaining"]] == [
        "Mon 2 Mar: 20 points remaining",
        "Tue 3 Mar: 15 points remaining",
    ]
    assert len(chart.series["ideal"]) == 5
