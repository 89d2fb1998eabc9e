"""The sprint pages, their charts and the sprint API in Russian, asked for as a browser asks (Accept-Language)."""

import datetime as dt
import re

import pytest
import time_machine
from django.utils import translation
from rest_framework.test import APIClient

from boards import services as board_services
from boards.models import Status
from boards.tests.factories import BacklogItemFactory
from sprints import selectors, services
from sprints.tests.test_views import client_for, closed, planned

RU = {"HTTP_ACCEPT_LANGUAGE": "ru"}
MONDAY = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
# Every attribute of a drawing that holds one number; a polyline's `points` holds "x,y x,y …" pairs.
NUMBER_ATTRIBUTES = re.compile(r'\s(?:x|y|x1|x2|y1|y2|cx|cy|r|width|height)="([^"]*)"')
POINTS = re.compile(r'\spoints="([^"]*)"')


def drawing(page: str, css_class: str) -> str:
    return re.search(rf'<svg class="chart {css_class}".*?</svg>', page, re.S).group()


def assert_coordinates_unlocalised(svg: str) -> None:
    numbers = NUMBER_ATTRIBUTES.findall(svg)
    assert numbers and any("." in n for n in numbers)  # there are fractions to get wrong
    assert all(re.fullmatch(r"-?\d+(\.\d+)?", n) for n in numbers), [n for n in numbers if "," in n]
    for points in POINTS.findall(svg):
        assert re.fullmatch(r"(-?\d+\.\d,-?\d+\.\d ?)+", points), points


@time_machine.travel(MONDAY, tick=False)
def test_the_sprint_list_in_russian(team):
    planned(team, 3)
    page = client_for(team.po).get("/b/apollo/sprints/", **RU).content.decode()
    assert "<h1>Спринты доски Apollo</h1>" in page
    assert "<td>Спринт 1</td>" not in page and ">Спринт 1</a>" in page and "<td>Запланирован</td>" in page
    assert "Пн, 2 марта – Вс, 15 марта 2026" in page  # the genitive month, as Russian writes a date
    assert "Запланировать новый спринт" in page and "продлится 2 недели" in page
    for english in ("Sprints of", "Plan a new sprint", "Planned", "Mar"):
        assert english not in page


@time_machine.travel(MONDAY, tick=False)
def test_the_sprint_page_and_its_burndown_in_russian(team):
    sprint, items = planned(team, 3, 5)
    services.sprint_start(acting=team.sm, sprint=sprint)
    with time_machine.travel(MONDAY + dt.timedelta(days=1, hours=2), tick=False):
        board_services.item_update(actor=team.dev.user, item=items[0], status=Status.DONE)
        extra = BacklogItemFactory(board=team.board, points=2, title="Поздняя")
        services.sprint_add_items(acting=team.po, sprint=sprint, item_ids=[extra.pk])
    with time_machine.travel(MONDAY + dt.timedelta(days=2), tick=False):
        page = client_for(team.sm).get("/b/apollo/sprints/1/", **RU).content.decode()
    assert "<h2>Диаграмма сгорания</h2>" in page and "Закрыть спринт" in page and "в начало бэклога" in page
    assert "запланировано 8 поинтов" in page  # the committed points, counted in Russian
    assert "<td>Вт, 3 марта</td>" in page  # a day of the burndown table
    assert f"Вт, 3 марта: #{extra.pk} Поздняя — добавлен (+2 поинта)" in page
    svg = drawing(page, "burndown")
    assert ">Диаграмма сгорания: Спринт 1</title>" in svg and ">Идеальная линия</text>" in svg
    assert "<title>Вт, 3 марта: осталось 7 поинтов</title>" in svg
    assert "<title>Пн, 2 марта: по идеальной линии 7,2 поинта</title>" in svg  # text keeps the Russian comma
    assert_coordinates_unlocalised(svg)
    for english in ("Burndown", "Close sprint", "Remaining points", "points remaining", "Mar"):
        assert english not in page


@time_machine.travel(MONDAY, tick=False)
def test_starting_a_sprint_says_so_in_russian(team):
    planned(team, 3)
    response = client_for(team.sm).post("/b/apollo/sprints/1/start/", follow=True, **RU)
    assert "Спринт 1 начат." in response.content.decode()


@time_machine.travel(MONDAY, tick=False)
def test_the_planning_page_in_russian(team):
    planned(team, 5)
    BacklogItemFactory(board=team.board, points=None, ready=False, title="Туманная")
    page = client_for(team.po).get("/b/apollo/sprints/1/plan/", **RU).content.decode()
    assert "<h1>Планирование: Спринт 1" in page and "Сохранить спринт" in page
    assert '<span id="committed-points">5</span> поинтов в 1 элементе' in page
    assert "Добавить →" in page and "← Убрать" in page and "без оценки" in page and "не готов" in page
    assert "Дата начала" in page and "прогноза пока нет" in page
    for english in ("Save sprint", "Add →", "Remove", "Start date", "no forecast yet", "pts"):
        assert english not in page


@pytest.mark.parametrize(
    ("count", "warning"),
    [
        (1, "1 элемент не оценён."),
        (3, "3 элемента не оценены."),
        (5, "5 элементов не оценено."),
        (21, "21 элемент не оценён."),
    ],
)
def test_planning_warnings_take_the_russian_plural_forms(team, count, warning):
    sprint, _ = planned(team)
    items = [BacklogItemFactory(board=team.board, points=None, ready=True) for _ in range(count)]
    services.sprint_add_items(acting=team.po, sprint=sprint, item_ids=[i.pk for i in items])
    with translation.override("ru"):
        assert warning in selectors.planning(sprint=sprint).warnings


def test_the_velocity_page_in_russian_keeps_its_coordinates_unlocalised(team):
    closed(team, [5, 3], 1)
    closed(team, [8], 1)
    page = client_for(team.dev).get("/b/apollo/velocity/", **RU).content.decode()
    assert "Velocity (скорость команды) доски Apollo" in page
    assert '<strong id="forecast">6,5 поинта</strong>' in page  # a fraction: the genitive singular
    svg = drawing(page, "velocity")
    assert "<title>Спринт 1: запланировано 8 поинтов</title>" in svg
    assert "<title>Среднее за последние три: 6,5 поинта</title>" in svg
    assert_coordinates_unlocalised(svg)
    assert re.search(r'<rect class="bar committed" x="\d+\.\d" y="\d+\.\d"', svg)  # 6.5 points high: a fraction
    for english in ("Velocity of", "points", "Committed", "Last ten closed sprints"):
        assert english not in page


def test_the_backlog_health_widget_in_russian(team):
    closed(team, [5], 1)
    BacklogItemFactory(board=team.board, points=8, ready=True)
    body = client_for(team.dev).get("/b/apollo/backlog-health/", HTTP_HX_REQUEST="true", **RU).content.decode()
    assert "Состояние бэклога" in body and "8 готовых и оценённых поинтов в 1 элементе." in body
    assert "Два спринта по скорости — это 10 поинтов; готовой работы в бэклоге на 1,6 спринта." in body
    assert "Пора уточнить бэклог" in body and "Refine more" not in body


@time_machine.travel(MONDAY, tick=False)
def test_the_api_refuses_in_russian_with_english_field_names(team):
    planned(team, 3, goal="")
    api = APIClient()
    api.force_authenticate(team.sm.user)
    response = api.post("/api/v1/boards/apollo/sprints/1/start/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    assert response.json() == {"goal": ["Прежде чем начать спринт, задайте ему цель."]}
    response = api.post("/api/v1/boards/apollo/sprints/1/close/", {"unfinished": "nowhere"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400 and list(response.json()) == ["unfinished"]
    assert "nowhere" in response.json()["unfinished"][0] and "допустимых" in response.json()["unfinished"][0]


def test_a_refused_role_names_the_action_in_russian(team):
    planned(team, 3)
    api = APIClient()
    api.force_authenticate(team.dev.user)
    response = api.post("/api/v1/boards/apollo/sprints/1/start/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 403 and "начинать спринт" in response.json()["detail"]
