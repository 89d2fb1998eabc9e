"""Retrospectives in Russian: a browser asking for Russian gets the list, the room in every phase, the board page's
panel, the Markdown export and the API's refusals in Russian, with Russian plural forms for votes and cards; the
API's field names and enum values stay English."""

import pytest

from boards.tests.api_client import api_as
from retros import services
from retros.tests.conftest import cast_votes

RU = {"HTTP_ACCEPT_LANGUAGE": "ru"}
LIST = "/b/apollo/retros/"


def page(client, who, path: str) -> str:
    client.force_login(who.user)
    return client.get(path, **RU).content.decode()


def test_the_retro_list_speaks_russian(client, team, retro):
    html = page(client, team.sm, LIST)
    assert "<h1>Ретроспективы" in html and "<h2>Открыть ретро</h2>" in html
    assert "У каждого спринта уже есть ретро. Сначала запланируйте спринт." in html
    assert 'Плюсы / минусы / действия · <span class="phase">Обзор</span>' in html
    for english in ("Retrospectives", "Every sprint has its retro", "Pluses / minuses", ">Review<"):
        assert english not in html


def test_the_review_phase_speaks_russian(client, team, retro):
    html = page(client, team.sm, f"{LIST}{retro.pk}/")
    assert "Действия с прошлой ретро" in html and "С прошлой ретро ничего не осталось." in html
    assert "Перейти к этапу «написание»" in html and 'aria-label="Этапы"' in html
    for english in ("Last retro's actions", "Move on to", "Phases"):
        assert english not in html


def test_writing_with_hidden_cards_counts_them_in_russian_plural_forms(client, team, retro, move_to):
    retro.hidden = True
    retro.save(update_fields=["hidden"])
    move_to(retro, "write")
    for text in ("One", "Two", "Three"):
        services.card_add(acting=team.po, retro=retro, column="pluses", text=text)
    services.card_add(acting=team.po, retro=retro, column="minuses", text="Four")
    html = page(client, team.dev, f"{LIST}{retro.pk}/")
    assert "Всего 3 карточки; пока идёт написание, видны только ваши." in html
    assert "Всего 1 карточка;" in html and "Всего 0 карточек;" in html
    assert "Добавить карточку" in html and ">Плюсы <span" in html


@pytest.mark.parametrize(
    ("budget", "cast", "words"),
    [
        (5, 0, "У вас осталось 5 голосов из 5."),
        (5, 2, "У вас осталось 3 голоса из 5."),
        (5, 4, "У вас остался 1 голос из 5."),
        (2, 0, "У вас осталось 2 голоса из 2."),
        (1, 1, "У вас осталось 0 голосов из 1."),
    ],
)
def test_the_votes_left_are_counted_in_russian_plural_forms(client, team, retro, move_to, budget, cast, words):
    team.board.retro_vote_budget = budget
    team.board.save(update_fields=["retro_vote_budget"])
    move_to(retro, "write")
    card = services.card_add(acting=team.po, retro=retro, column="pluses", text="Pairing")
    move_to(retro, "vote")
    for _ in range(cast):
        services.vote_cast(acting=team.dev, retro=retro, card_id=card.pk)
    html = page(client, team.dev, f"{LIST}{retro.pk}/")
    assert f'data-testid="votes-left">{words}</p>' in html
    assert "Голоса скрыты до конца голосования: вы видите только свои." in html


@pytest.fixture
def closed(team, retro, move_to):
    """Sprint 1's retro closed: a card with two votes (anonymous), one with one, and an action."""
    move_to(retro, "write")
    high = services.card_add(acting=team.po, retro=retro, column="pluses", text="Fast reviews", anonymous=True)
    low = services.card_add(acting=team.dev, retro=retro, column="pluses", text="Pairing")
    move_to(retro, "vote")
    cast_votes(retro, (team.dev, high), (team.sm, high), (team.sm, low))
    move_to(retro, "discuss")
    services.action_add(acting=team.sm, retro=retro, text="Fix CI", owner="dave", card=low.pk)
    return move_to(retro, "closed")


def test_the_summary_counts_votes_in_russian(client, team, closed):
    html = page(client, team.dev, f"{LIST}{closed.pk}/")
    assert "<h2>Итоги</h2>" in html and "Экспорт в Markdown" in html
    assert '<span class="votes" data-testid="votes">2 голоса</span>' in html
    assert '<span class="votes" data-testid="votes">1 голос</span>' in html
    assert "по карточке «Pairing»" in html and "· открыто" in html


def test_the_markdown_export_follows_the_requesters_language(client, team, closed):
    client.force_login(team.dev.user)
    text = client.get(f"{LIST}{closed.pk}/export/", **RU).content.decode()
    assert text.startswith("# Ретроспектива: Apollo, спринт 1\n\n- Шаблон: Плюсы / минусы / действия\n- Закрыта: 20")
    assert "## Плюсы\n\n- Fast reviews (2 голоса, анонимно)\n- Pairing (1 голос, dave)\n" in text
    assert "## Минусы\n\nКарточек нет.\n" in text
    assert text.endswith("## Согласованные действия\n\n- [ ] Fix CI (dave)\n")
    english = client.get(f"{LIST}{closed.pk}/export/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert english.startswith("# Retrospective: Apollo, sprint 1\n")


def test_the_board_pages_panel_of_improvement_actions_speaks_russian(client, team, closed):
    client.force_login(team.dev.user)
    html = client.get(f"{LIST}actions/", headers={"HX-Request": "true"}, **RU).content.decode()
    assert "Действия по улучшению" in html and ">Готово</button>" in html
    assert 'aria-label="Готово: Fix CI"' in html and "источник: Спринт 1" in html
    assert "Improvement actions" not in html and ">Done<" not in html


def test_a_vote_outside_the_vote_phase_is_refused_in_russian_under_the_english_field_name(team, retro, move_to):
    move_to(retro, "write")
    card = services.card_add(acting=team.po, retro=retro, column="pluses", text="Pairing")
    response = api_as(team.dev).post(f"/api/v1/boards/apollo/retros/{retro.pk}/cards/{card.pk}/vote/", **RU)
    assert response.status_code == 409
    assert response.json() == {"card": ["Голосуют на этапе голосования; сейчас ретро на этапе написания карточек."]}


def test_a_vote_over_the_budget_is_refused_in_russian_with_votes_left(team, retro, move_to):
    move_to(retro, "write")
    card = services.card_add(acting=team.po, retro=retro, column="pluses", text="Pairing")
    move_to(retro, "vote")
    vote = f"/api/v1/boards/apollo/retros/{retro.pk}/cards/{card.pk}/vote/"
    api_as(team.dev).post(vote)
    api_as(team.dev).post(vote)
    response = api_as(team.dev).post(vote, **RU)
    assert (response.status_code, response.json()) == (
        409,
        {"detail": "Вы израсходовали все свои голоса (2): осталось 0 голосов.", "votes_left": 0},
    )


def test_the_api_keeps_phase_and_column_keys_english_but_labels_russian(team, retro, move_to):
    move_to(retro, "write")
    body = api_as(team.dev).get(f"/api/v1/boards/apollo/retros/{retro.pk}/", **RU).json()
    assert body["phase"] == "write" and body["template"] == "pluses_minuses_actions"
    assert [(c["key"], c["label"]) for c in body["columns"]] == [
        ("pluses", "Плюсы"),
        ("minuses", "Минусы"),
        ("actions", "Действия"),
    ]
