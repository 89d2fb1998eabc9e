"""The timer block: alone for htmx, on the stand-up, planning page and retro room; the Scrum Master's plain forms."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from retros import services as retro_services
from sprints import services as sprint_services
from timers.models import Timer
from timers.services import timer_start, timer_stop
from timers.tests.conftest import HTMX, MONDAY_9AM, client_for

BLOCK = "/b/apollo/timers/"
RU = {"HTTP_ACCEPT_LANGUAGE": "ru"}


def test_the_block_alone_for_htmx_and_on_a_page_of_its_own_otherwise(team, sprint):
    client = client_for(team.dev)
    alone = client.get(f"{BLOCK}review/", **HTMX)
    assert alone.status_code == 200 and alone.content.decode().lstrip().startswith('<section id="timer-review"')
    assert "Not started: the Scrum Master starts the timer." in alone.content.decode()
    page = client.get(f"{BLOCK}review/").content.decode()
    assert "<h1>Sprint review <small>Apollo</small></h1>" in page and 'data-live-topic="board:apollo"' in page


@pytest.mark.parametrize("url", [f"{BLOCK}review/", f"{BLOCK}review/start/", f"{BLOCK}1/extend/", f"{BLOCK}1/stop/"])
def test_outsiders_get_404_and_anonymous_visitors_log_in(team, sprint, url):
    timer_start(acting=team.sm, ceremony="review")
    method = "get" if url.endswith("review/") else "post"
    assert getattr(client_for(team.outsider), method)(url).status_code == 404
    response = getattr(Client(), method)(url)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_an_unknown_ceremony_is_404(team, sprint):
    assert client_for(team.sm).get(f"{BLOCK}lunch/", **HTMX).status_code == 404
    assert client_for(team.sm).post(f"{BLOCK}lunch/start/").status_code == 404


def test_everyone_sees_the_running_countdown_and_only_the_scrum_master_the_controls(team, sprint):
    timer_start(acting=team.sm, ceremony="retro", minutes=30)
    for member in (team.po, team.dev):
        html = client_for(member).get(f"{BLOCK}retro/", **HTMX).content.decode()
        assert 'data-ends-at="2026-03-02T09:30:00+00:00"' in html
        assert "Stop the timer" not in html and "Extend" not in html and "<form" not in html
    html = client_for(team.sm).get(f"{BLOCK}retro/", **HTMX).content.decode()
    assert "Stop the timer" in html and "Extend" in html and "Start the timer" not in html


def test_the_scrum_master_starts_with_the_ceremonys_default_offered(team, sprint):
    client = client_for(team.sm)
    assert 'name="minutes" value="90"' in client.get(f"{BLOCK}retro/", **HTMX).content.decode()  # 45 min × 2 weeks
    response = client.post(f"{BLOCK}retro/start/", {"minutes": "20", "next": "/b/apollo/retros/"}, **HTMX)
    assert response.status_code == 200 and 'data-ends-at="2026-03-02T09:20:00+00:00"' in response.content.decode()
    assert Timer.objects.get().ends_at == MONDAY_9AM + dt.timedelta(minutes=20)


def test_a_plain_form_goes_back_to_the_page_it_came_from(team, sprint):
    client = client_for(team.sm)
    response = client.post(f"{BLOCK}standup/start/", {"minutes": "", "next": "/b/apollo/standups/"})
    assert response.status_code == 302 and response.url == "/b/apollo/standups/"
    timer = Timer.objects.get()
    assert timer.ends_at - timer.started_at == dt.timedelta(minutes=15)  # an empty field is the default
    assert client.post(f"{BLOCK}{timer.pk}/extend/", {"minutes": "5", "next": "/b/apollo/standups/"}).status_code == 302
    assert client.post(f"{BLOCK}{timer.pk}/stop/", {"next": "https://elsewhere.example/"}).url == f"{BLOCK}standup/"
    assert Timer.objects.get().stopped_at == MONDAY_9AM and Timer.objects.get().ends_at == MONDAY_9AM + dt.timedelta(
        minutes=20
    )


@pytest.mark.parametrize("role", ["po", "dev"])
def test_others_writing_get_403_naming_the_role(team, sprint, role):
    client = client_for(getattr(team, role))
    response = client.post(f"{BLOCK}review/start/", **HTMX)
    assert (
        response.status_code == 403 and "Only the Scrum Master can start a ceremony timer" in response.content.decode()
    )
    timer = timer_start(acting=team.sm, ceremony="review")
    assert client.post(f"{BLOCK}{timer.pk}/stop/", **HTMX).status_code == 403
    assert client.post(f"{BLOCK}{timer.pk}/extend/", {"minutes": "5"}, **HTMX).status_code == 403
    assert client.post(f"{BLOCK}{timer.pk}/stop/").status_code == 403  # a plain form: a page saying so
    assert Timer.objects.get().is_running()


def test_a_refused_start_shows_its_reason_in_the_block(team, sprint):
    timer_start(acting=team.sm, ceremony="review")
    response = client_for(team.sm).post(f"{BLOCK}review/start/", {"minutes": "abc"}, **HTMX)
    assert response.status_code == 409 and "already running" in response.content.decode()
    timer_stop(acting=team.sm, timer=Timer.objects.get())
    response = client_for(team.sm).post(f"{BLOCK}review/start/", {"minutes": "abc"}, **HTMX)
    assert response.status_code == 400 and "minutes is a whole number from 1 to 480." in response.content.decode()


def test_a_run_out_timer_says_time_is_up_and_a_stopped_one_how_long_it_ran(team, sprint, clock):
    timer = timer_start(acting=team.sm, ceremony="review", minutes=10)
    clock.move_to(MONDAY_9AM + dt.timedelta(minutes=11))
    html = client_for(team.dev).get(f"{BLOCK}review/", **HTMX).content.decode()
    assert "Time is up" in html and "data-ends-at" not in html
    assert "Start the timer" in client_for(team.sm).get(f"{BLOCK}review/", **HTMX).content.decode()
    timer.stopped_at = timer.ends_at
    timer_start(acting=team.sm, ceremony="review", minutes=10)
    clock.move_to(MONDAY_9AM + dt.timedelta(minutes=14))
    timer_stop(acting=team.sm, timer=Timer.objects.get(stopped_at__isnull=True))
    html = client_for(team.dev).get(f"{BLOCK}review/", **HTMX).content.decode()
    assert "Stopped at" in html and "after 3 minutes" in html


def test_yesterdays_timer_is_no_news_today(team, sprint, clock):
    timer_start(acting=team.sm, ceremony="review", minutes=10)
    clock.move_to(MONDAY_9AM + dt.timedelta(days=1))
    assert "Not started" in client_for(team.dev).get(f"{BLOCK}review/", **HTMX).content.decode()


def test_the_planning_page_and_the_retro_room_show_their_ceremonys_timer(team, sprint):
    sprint_services.sprint_create(acting=team.po, goal="Search")
    retro = retro_services.retro_open(acting=team.sm, sprint=1)
    timer_start(acting=team.sm, ceremony="retro", minutes=30)
    plan = client_for(team.sm).get("/b/apollo/sprints/2/plan/").content.decode()
    assert 'id="timer-planning"' in plan and 'name="minutes" value="240"' in plan  # 2 h a week, two weeks
    room = client_for(team.dev).get(f"/b/apollo/retros/{retro.pk}/").content.decode()
    assert 'id="timer-retro"' in room and 'data-ends-at="2026-03-02T09:30:00+00:00"' in room
    assert "js/countdown.js" in room


def test_the_block_speaks_russian(team, sprint):
    timer_start(acting=team.sm, ceremony="retro", minutes=30)
    html = client_for(team.sm).get(f"{BLOCK}retro/", **HTMX, **RU).content.decode()
    assert "Таймер <small>Ретроспектива</small>" in html and "Остановить таймер" in html and "Продлить" in html
    assert 'data-over-text="Время вышло"' in html


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_pages_with_a_timer_take_the_same_queries_for_one_timer_or_many(team, sprint, clock):
    retro = retro_services.retro_open(acting=team.sm, sprint=1)
    pages = ["/b/apollo/standups/", f"/b/apollo/retros/{retro.pk}/", "/b/apollo/sprints/1/", f"{BLOCK}retro/"]
    client = client_for(team.sm)
    running = {
        ceremony: timer_start(acting=team.sm, ceremony=ceremony, minutes=480) for ceremony in ("standup", "retro")
    }
    [_queries(client, url) for url in pages]  # the stand-up's small burndown is cached by the first visit
    before = [_queries(client, url) for url in pages]
    for n in range(1, 5):
        clock.move_to(MONDAY_9AM + dt.timedelta(minutes=2 * n))
        for ceremony in ("standup", "retro"):  # the same blocks, running, with more timers behind them
            timer_stop(acting=team.sm, timer=running[ceremony])
            running[ceremony] = timer_start(acting=team.sm, ceremony=ceremony, minutes=480)
        for ceremony in ("review", "refinement"):
            timer_stop(acting=team.sm, timer=timer_start(acting=team.sm, ceremony=ceremony))
    assert [_queries(client, url) for url in pages] == before
