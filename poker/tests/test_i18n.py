"""Planning poker in Russian: a browser asking for Russian gets the pages, the countdown's words and the API's error
details in Russian; the API's field names stay English."""

from boards.tests.api_client import api_as
from poker import services
from poker.tests.test_api import url
from poker.tests.test_views import room_url

RU = {"HTTP_ACCEPT_LANGUAGE": "ru"}


def test_the_room_speaks_russian(client, team, session):
    services.cast_vote(acting=team.po, session=session, card="8")
    client.force_login(team.sm.user)
    html = client.get(room_url(session), **RU).content.decode()
    assert "<h1>Scrum-покер" in html
    assert "Ваша карта" in html and "Открыть карты" in html and "Пропустить, к следующему" in html
    assert "Проголосовали: 1 из 3" in html
    assert 'aria-label="Карта ☕" title="Перерыв на кофе: я пас"' in html
    for english in ("Planning poker", "Your card", ">Reveal<", "Skip to next item", "voted</", "Queue<"):
        assert english not in html


def test_the_countdown_gets_its_words_in_russian(client, team, items):
    session = services.session_start(acting=team.sm, countdown_seconds=60)
    client.force_login(team.dev.user)
    html = client.get(room_url(session), **RU).content.decode()
    assert 'data-over-text="время вышло" data-left-text="осталось {time}">идёт отсчёт</span>' in html


def revealed_round_in_russian(client, team, session, po_card: str, dev_card: str) -> str:
    services.cast_vote(acting=team.po, session=session, card=po_card)
    services.cast_vote(acting=team.dev, session=session, card=dev_card)
    services.reveal(acting=team.sm, session=session)
    client.force_login(team.dev.user)
    return client.get(room_url(session, "round"), headers={"HX-Request": "true"}, **RU).content.decode()


def test_revealed_statistics_read_in_russian_with_a_decimal_comma(client, team, session):
    html = revealed_round_in_russian(client, team, session, "1", "2")
    # Text, not an attribute: Russian writes the median of 1 and 2 as «1,5».
    assert "мин. 1 · макс. 2 · медиана 1,5 · среднее 1,5" in html
    assert "Предложение:" in html and "Suggestion" not in html


def test_too_far_apart_names_who_explains_in_russian(client, team, session):
    html = revealed_round_in_russian(client, team, session, "2", "13")
    assert "Объясняют paula (2) и dave (13)" in html
    assert "Ведущий может объявить переголосование." in html


def test_the_session_list_speaks_russian(client, team, session):
    client.force_login(team.sm.user)
    html = client.get("/b/apollo/poker/", **RU).content.decode()
    assert "Начать сессию" in html and "Я тоже голосую" in html and "<h2>Сессии</h2>" in html
    assert "идёт" in html
    for english in ("Start a session", "I vote too", "Sessions</h2>"):
        assert english not in html


def test_a_refused_vote_is_explained_in_russian_under_the_english_field_name(team, session):
    response = api_as(team.dev.user).post(url(session, "vote"), {"card": "7"}, format="json", **RU)
    assert response.status_code == 400
    assert response.json()["card"] == [
        "Карты '7' нет в колоде; выберите одну из: 1, 2, 3, 5, 8, 13, 20, 40, 100, coffee, infinity, ?."
    ]


def test_a_vote_after_the_reveal_is_a_conflict_in_russian(team, session):
    services.reveal(acting=team.sm, session=session)
    response = api_as(team.dev.user).post(url(session, "vote"), {"card": "3"}, format="json", **RU)
    assert (response.status_code, response.json()) == (409, {"card": ["Карты уже открыты; дождитесь переголосования."]})
