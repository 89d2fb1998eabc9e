"""Each person's language and time zone: their profile's, else their browser's (Accept-Language, the switcher's
cookie, the zone app.js reports), else the site's."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Profile
from accounts.services import save_preferences
from boards.tests.api_client import api_as
from boards.tests.factories import BacklogItemFactory

ITEMS = "/api/v1/boards/apollo/items/"


def logged_in(user, **headers) -> Client:
    client = Client(headers=headers)
    client.force_login(user)
    return client


def test_a_visitor_who_never_chose_follows_the_browser(db):
    english = Client().get("/accounts/login/")
    russian = Client(headers={"accept-language": "ru-RU,ru;q=0.9,en;q=0.5"}).get("/accounts/login/")
    assert '<html lang="en"' in english.text and "<h1>Log in</h1>" in english.text
    assert '<html lang="ru"' in russian.text and "<h1>Войти</h1>" in russian.text
    assert "Log in" not in russian.text.split("<main", 1)[1]
    assert (english["Content-Language"], russian["Content-Language"]) == ("en", "ru")
    assert "Accept-Language" in russian["Vary"]


def test_the_switcher_is_on_every_page_and_keeps_the_choice_of_a_visitor(db):
    client = Client(headers={"accept-language": "en"})
    page = client.get("/accounts/signup/").text
    assert 'name="language" value="ru" lang="ru"' in page and "Русский" in page

    response = client.post("/accounts/language/", {"language": "ru", "next": "/accounts/signup/"})
    assert (response.status_code, response["Location"]) == (302, "/accounts/signup/")
    page = client.get("/accounts/signup/").text
    assert "<h1>Зарегистрироваться</h1>" in page
    assert 'name="language" value="en" lang="en"' in page  # and back


def test_a_users_choice_goes_with_them_to_another_browser(team):
    client = logged_in(team.dev.user, **{"accept-language": "en"})
    client.post("/accounts/language/", {"language": "ru", "next": "/"})
    assert Profile.objects.get(user=team.dev.user).language == "ru"

    elsewhere = logged_in(team.dev.user, **{"accept-language": "en-GB,en"})
    assert "Мои доски" in elsewhere.get("/").text
    # Another member who never chose still follows their browser.
    assert "My boards" in logged_in(team.sm.user, **{"accept-language": "en"}).get("/").text


def test_an_unknown_language_is_refused_and_changes_nothing(team):
    client = logged_in(team.dev.user)
    response = client.post("/accounts/language/", {"language": "xx", "next": "/"})
    assert response.status_code == 400
    assert "language" in response.text
    assert not Profile.objects.filter(user=team.dev.user).exists()


def test_the_settings_page_is_for_the_logged_in_only(db):
    response = Client().get("/accounts/preferences/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_settings_page_sets_language_and_time_zone(team):
    client = logged_in(team.dev.user, **{"accept-language": "en"})
    page = client.get("/accounts/preferences/").text
    assert "Your settings" in page and "My browser&#x27;s language" in page and "Europe/Moscow" in page

    response = client.post("/accounts/preferences/", {"language": "ru", "time_zone": "Europe/Moscow"})
    assert response.status_code == 302
    page = client.get("/accounts/preferences/").text
    assert "Ваши настройки" in page and "Сохранено" in page
    assert "Сейчас время на страницах показывается в поясе Europe/Moscow." in page

    # Back to the browser's language: English again for this English browser.
    client.post("/accounts/preferences/", {"language": "", "time_zone": "Europe/Moscow"})
    assert "Your settings" in client.get("/accounts/preferences/").text
    assert Profile.objects.get(user=team.dev.user).time_zone == "Europe/Moscow"


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "Select a valid choice. Mars/Olympus"), ("ru", "Выберите корректный вариант. Mars/Olympus")],
)
def test_a_wrong_time_zone_is_refused_naming_the_field_and_keeping_the_rest(team, language, message):
    client = logged_in(team.dev.user, **{"accept-language": language})
    response = client.post("/accounts/preferences/", {"language": "ru", "time_zone": "Mars/Olympus"})
    assert response.status_code == 400
    assert 'id="id_time_zone_error"' in response.text or "time_zone" in response.text
    assert 'value="ru" selected' in response.text  # what was picked is kept
    assert not Profile.objects.filter(user=team.dev.user).exists()
    assert message in response.text


def test_times_are_shown_in_the_users_zone_and_labelled(team):
    item = BacklogItemFactory(board=team.board, title="Login page")
    moment = dt.datetime(2026, 12, 4, 20, 5, tzinfo=dt.UTC)
    type(item).objects.filter(pk=item.pk).update(created_at=moment)
    url = f"/b/apollo/items/{item.pk}/"

    assert "4 Dec 2026, 20:05 UTC" in logged_in(team.dev.user).get(url).text
    save_preferences(team.dev.user, time_zone="Europe/Moscow")
    page = logged_in(team.dev.user).get(url).text
    assert "4 Dec 2026, 23:05 MSK" in page
    assert 'title="Europe/Moscow"' in page


def test_without_a_zone_of_their_own_times_follow_the_browser(team):
    item = BacklogItemFactory(board=team.board, title="Login page")
    type(item).objects.filter(pk=item.pk).update(created_at=dt.datetime(2026, 12, 4, 20, 5, tzinfo=dt.UTC))
    client = logged_in(team.dev.user)
    client.cookies["tz"] = "Asia/Yekaterinburg"
    assert "5 Dec 2026, 01:05 UTC+05" in client.get(f"/b/apollo/items/{item.pk}/").text
    client.cookies["tz"] = "Not/AZone"
    assert "4 Dec 2026, 20:05 UTC" in client.get(f"/b/apollo/items/{item.pk}/").text


def test_a_page_reads_the_preferences_without_a_query_of_its_own(team):
    def queries_of_board_list(client: Client) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured)

    without = queries_of_board_list(logged_in(team.dev.user))
    save_preferences(team.sm.user, language="ru", time_zone="Europe/Moscow")
    with_profile = logged_in(team.sm.user)
    assert queries_of_board_list(with_profile) == without
    assert "Мои доски" in with_profile.get("/").text


def test_the_api_answers_in_the_token_users_language_else_accept_language(team, django_assert_num_queries):
    english = api_as(team.dev).post(ITEMS, {"kind": "story"}, format="json")
    assert english.status_code == 400 and english.json()["title"] == ["This field is required."]

    russian = api_as(team.dev).post(ITEMS, {"kind": "story"}, format="json", headers={"accept-language": "ru"})
    assert russian.status_code == 400 and russian.json()["title"] == ["Обязательное поле."]  # field name stays

    save_preferences(team.dev.user, language="ru")
    client = api_as(team.dev)
    assert client.post(ITEMS, {"kind": "story"}, format="json").json()["title"] == ["Обязательное поле."]
    item = BacklogItemFactory(board=team.board)
    # still the token with the membership (and the profile), then the item, its ticks and its checklist, its labels
    with django_assert_num_queries(5):
        assert client.get(f"{ITEMS}{item.pk}/").status_code == 200


def test_a_profile_does_not_leak_into_the_next_request_of_the_thread(team):
    save_preferences(team.dev.user, language="ru", time_zone="Europe/Moscow")
    logged_in(team.dev.user).get("/")
    page = Client(headers={"accept-language": "en"}).get("/accounts/login/")
    assert '<html lang="en"' in page.text
    assert timezone.get_current_timezone_name() == "UTC"


def test_the_service_refuses_a_zone_naming_the_field_in_the_users_language(team):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    with translation.override("ru"), pytest.raises(ValidationError) as refused:
        save_preferences(team.dev.user, language="ru", time_zone="Mars/Olympus")
    assert "не часовой пояс" in refused.value.message_dict["time_zone"][0]
    assert not Profile.objects.exists()
