"""Stand-ups in Russian: a browser asking for Russian gets the page, the history, the blockers panel (with Russian
plural forms) and the API's refusals in Russian; the API's field names stay English, and so do the times' format."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from boards.tests.api_client import api_as
from standups.models import Blocker
from standups.services import blocker_resolve, standup_entry_save, timebox_start
from standups.tests.conftest import MONDAY
from standups.tests.test_api_blockers import resolve_url
from standups.tests.test_views_standup import PAGE, client_for

RU = {"HTTP_ACCEPT_LANGUAGE": "ru"}


def test_the_stand_up_page_speaks_russian(team, sprint):
    standup_entry_save(acting=team.dev, day=MONDAY, done="Login", next="Search", blockers="Staging")
    html = client_for(team.dev).get(PAGE, **RU).content.decode()
    assert "<h1>Дейли <small>Понедельник, 2 марта</small></h1>" in html
    assert "Ещё не высказались: paula, sam" in html
    assert "<dt>Сделано</dt>" in html and "Обновить мою запись" in html and "Что мне мешает" in html
    assert "Открытые блокеры" in html and ">Снять</button>" in html
    for english in ("Daily stand-up", "Not spoken yet", "Update my entry", "Open blockers", ">Resolve<", "Monday"):
        assert english not in html


def test_the_running_timebox_keeps_its_time_and_gets_its_countdown_words_in_russian(team, sprint):
    timebox_start(acting=team.sm, day=MONDAY)
    html = client_for(team.dev).get(PAGE, **RU).content.decode()
    assert 'data-over-text="Время вышло" data-left-text="осталось {time}">Закончится в <time' in html
    assert ">09:15 UTC</time>" in html


def test_a_closed_day_says_why_in_russian(team, sprint, clock):
    clock.move_to("2026-03-07 09:00Z")  # a Saturday
    html = client_for(team.dev).get(PAGE, **RU).content.decode()
    assert "Сегодня (7 марта) — не рабочий день спринта 1." in html


def test_the_history_speaks_russian(team, sprint):
    html = client_for(team.dev).get(f"{PAGE}history/", **RU).content.decode()
    assert "<h1>Дейли спринта 1</h1>" in html and "Записей нет." in html
    assert "Stand-ups of Sprint" not in html and "No entries." not in html


@pytest.mark.parametrize(
    ("more", "words"),
    [(1, "И ещё 1 блокер:"), (3, "И ещё 3 блокера:"), (5, "И ещё 5 блокеров:"), (21, "И ещё 21 блокер:")],
)
def test_the_blockers_beyond_the_panel_are_counted_in_russian_plural_forms(team, sprint, more, words):
    standup_entry_save(acting=team.dev, day=MONDAY, blockers="Staging")
    context = {"board": team.board, "open_blockers": list(Blocker.objects.all()), "open_count": 20 + more, "more": more}
    with translation.override("ru"):
        html = render_to_string("standups/_open_blockers.html", context)
    assert f'{words} <a href="/b/apollo/standups/">смотрите дейли</a>.' in html


def test_resolving_a_resolved_blocker_is_a_conflict_in_russian(team, sprint):
    standup_entry_save(acting=team.dev, day=MONDAY, blockers="Staging")
    blocker = Blocker.objects.get()
    blocker_resolve(acting=team.po, blocker=blocker)
    response = api_as(team.dev.user).post(resolve_url(blocker), **RU)
    assert (response.status_code, response.json()) == (409, {"detail": "Этот блокер уже снял(а) paula."})


def test_an_entry_for_another_day_is_refused_in_russian_under_the_english_field_name(team, sprint):
    response = api_as(team.dev.user).put(
        "/api/v1/boards/apollo/standups/2026-03-03/me/", {"done": "Login"}, format="json", **RU
    )
    assert response.status_code == 409
    assert response.json() == {"date": ["Запись дейли делается в свой день: сегодня 2026-03-02, а не 2026-03-03."]}
