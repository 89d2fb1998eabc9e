"""The shared answers in Russian, asked for as a browser or a script asks (Accept-Language): the API's refusals with
their English field names, the error pages, and the edit forms' conflict."""

import json

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.utils import translation

from boards.tests.api_client import api_as
from ops.middleware import database_unavailable_response
from scrum_app.testing import form_data
from sprints import services
from sprints.models import Sprint

pytestmark = pytest.mark.django_db

RU = {"HTTP_ACCEPT_LANGUAGE": "ru"}
SPRINTS = "/api/v1/boards/apollo/sprints/"


@pytest.fixture
def sprint(team):
    return services.sprint_create(acting=team.sm, goal="Запустить поиск", name="Поиск")


def logged_in(member) -> Client:
    client = Client()
    client.force_login(member.user)
    return client


def test_a_field_the_api_does_not_take_is_refused_in_russian_by_its_english_name(team):
    response = api_as(team.po).post(SPRINTS, {"goal": "Цель", "state": "active"}, format="json", **RU)
    assert response.status_code == 400
    assert response.json() == {"state": ["Это поле здесь задать нельзя."]}


def test_a_body_over_the_limit_is_refused_in_russian(team):
    body = b'"' + b"x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE + b'"'
    response = api_as(team.sm).post(SPRINTS, body, content_type="application/json", **RU)
    assert response.status_code == 413
    assert response.json() == {"detail": "Тело запроса превышает предел этого сервера: 10 МБ."}


def test_text_the_database_cannot_store_is_refused_in_russian_naming_the_field(team):
    response = api_as(team.po).post(SPRINTS, {"goal": "a\x00b"}, format="json", **RU)
    assert response.status_code == 400
    assert response.json() == {"goal": ["Нулевые символы (NUL) не допускаются."]}
    response = api_as(team.po).get(f"{SPRINTS}?q%00=1", **RU)
    assert response.json() == {"detail": "Имя параметра запроса: Нулевые символы (NUL) не допускаются."}


def test_an_unknown_api_address_is_not_found_in_russian(team):
    response = api_as(team.po).get("/api/v1/nothing/", **RU)
    assert (response.status_code, response.json()) == (404, {"detail": "Не найдено."})


def test_if_match_and_a_body_version_that_disagree_are_refused_in_russian(team, sprint):
    response = api_as(team.po).patch(
        f"{SPRINTS}1/", {"goal": "Моя", "version": 1}, format="json", HTTP_IF_MATCH='"2"', **RU
    )
    assert response.status_code == 400
    assert response.json() == {"version": ["Версия расходится с заголовком If-Match; пришлите что-то одно."]}


def test_a_stale_version_is_named_in_russian(team, sprint):
    stale = Sprint.objects.get()
    services.sprint_update(acting=team.po, sprint=stale, version=1, goal="Их цель")
    with translation.override("ru"), pytest.raises(services.Conflict) as refused:
        services.sprint_update(acting=team.po, sprint=stale, version=1, goal="Моя цель")
    assert refused.value.field == "version"
    assert refused.value.message == (
        "Пока вы редактировали, кто-то другой изменил спринт (у вас была версия 1, сейчас — 2); ничего не сохранено."
    )


def test_a_stale_save_of_a_form_shows_the_conflict_in_russian(team, sprint):
    client = logged_in(team.po)
    page = client.get("/b/apollo/sprints/1/plan/", **RU).content.decode()
    data = form_data(page, "/sprints/1/edit/")
    assert data["start_date"] == [sprint.start_date.isoformat()]  # a date input takes ISO dates in every language
    data["goal"] = ["Моя цель"]
    services.sprint_update(acting=team.po, sprint=Sprint.objects.get(), version=1, goal="Их цель")

    response = client.post("/b/apollo/sprints/1/edit/", data, **RU)

    html = response.content.decode()
    assert response.status_code == 409
    assert "Пока вы редактировали, кто-то другой сохранил свои изменения. Ничего не сохранено" in html
    assert "Тем временем кто-то другой сохранил: <strong>Их цель</strong>" in html
    assert "Saved meanwhile" not in html and "Someone else" not in html


def test_the_not_found_page_in_russian(team):
    response = logged_in(team.dev).get("/b/nothing-here/", **RU)
    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Не найдено</h1>" in html and "К моим доскам" in html
    assert "Not found" not in html and "Back to my boards" not in html


def test_the_not_allowed_page_in_russian_names_the_action(team, sprint):
    response = logged_in(team.dev).post("/b/apollo/sprints/1/plan/add/", {"items": ["1"]}, **RU)
    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Нет доступа</h1>" in html and "планировать спринты" in html
    assert "Not allowed" not in html


def test_the_refusal_page_in_russian_names_the_parameter(team):
    response = logged_in(team.dev).get("/b/apollo/board/?scope=%00", **RU)
    html = response.content.decode()
    assert response.status_code == 400
    assert "<h1>Не выполнено</h1>" in html and "scope: Нулевые символы (NUL) не допускаются." in html
    assert "Go back" not in html and "Назад" in html


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/api/v1/boards/apollo/items/", "База данных сейчас не отвечает. Повторите попытку через несколько секунд."),
        ("/b/apollo/", "<h1>Повторите чуть позже</h1>"),
    ],
)
def test_the_database_s_503_answers_in_the_language_asked_for(path, expected):
    # Made before any middleware chose a language: the database can fail before LocaleMiddleware runs.
    response = database_unavailable_response(RequestFactory().get(path, **RU))
    text = response.content.decode()
    shown = json.loads(text)["detail"] if path.startswith("/api/") else text
    assert response.status_code == 503
    assert expected in shown and "try again" not in shown.lower()
