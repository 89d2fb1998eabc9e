"""The sprint page's time in ceremonies: minutes held this sprint against the Scrum Guide's guides."""

import datetime as dt
import re

from timers.selectors import sprint_ceremony_times
from timers.services import timer_start, timer_stop
from timers.tests.conftest import MONDAY_9AM, client_for

PAGE = "/b/apollo/sprints/1/"


def _held(team, clock, ceremony: str, minutes: int, *, at: dt.datetime) -> None:
    clock.move_to(at)
    timer = timer_start(acting=team.sm, ceremony=ceremony, minutes=120)
    clock.move_to(at + dt.timedelta(minutes=minutes))
    timer_stop(acting=team.sm, timer=timer)


def test_each_ceremony_sums_its_timers_against_its_guide(team, sprint, clock):
    _held(team, clock, "standup", 14, at=MONDAY_9AM)
    _held(team, clock, "standup", 17, at=MONDAY_9AM + dt.timedelta(days=1))
    _held(team, clock, "refinement", 60, at=MONDAY_9AM + dt.timedelta(days=1, hours=2))
    timer_start(acting=team.sm, ceremony="review", minutes=60)  # runs out: counts its full hour
    clock.move_to(MONDAY_9AM + dt.timedelta(days=2))
    times = {t.ceremony: t for t in sprint_ceremony_times(board=team.board, sprint=sprint)}
    assert [(c, t.minutes, t.sessions, t.guide.low, t.guide.high) for c, t in times.items()] == [
        ("planning", 0, 0, 240, 240),
        ("standup", 31, 2, 150, 150),  # 15 minutes on each of ten working days
        ("review", 60, 1, 120, 120),
        ("retro", 0, 0, 90, 90),
        ("refinement", 60, 1, 480, 720),  # 10–15% of ten eight-hour days
    ]
    assert times["refinement"].under and not times["standup"].over


def test_the_sprint_page_draws_the_chart(team, sprint, clock):
    _held(team, clock, "retro", 100, at=MONDAY_9AM)
    html = client_for(team.dev).get(PAGE).content.decode()
    assert "Time in ceremonies" in html
    retro = re.search(r'<g class="ceremony retro over" data-testid="ceremony-retro">.*?</g>', html, re.S)
    assert retro and "100 of 90 min" in retro[0] and "1 session" in retro[0]
    assert "0 min; guide 480–720" in html


def test_the_chart_speaks_russian(team, sprint, clock):
    _held(team, clock, "retro", 30, at=MONDAY_9AM)
    html = client_for(team.dev).get(PAGE, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Время на церемониях" in html and "30 из 90 мин" in html and "Ретроспектива" in html
