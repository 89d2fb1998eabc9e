"""The board pages, their refusals and the boards API speak Russian to a browser that asks for it."""

import pytest

from boards.models import BacklogItem, Status
from boards.tests.api_client import api_as
from boards.tests.factories import BacklogItemFactory

RU = {"HTTP_ACCEPT_LANGUAGE": "ru"}


def page(client, url: str) -> str:
    response = client.get(url, **RU)
    assert response.status_code == 200
    return response.content.decode()


def test_my_boards_in_russian(team, client_for):
    html = page(client_for(team.dev.user), "/")
    assert "<h1>Мои доски</h1>" in html
    assert "Новая доска" in html
    assert "Создать доску" in html
    assert "Длина спринта" in html
    assert "2 недели" in html
    for english in ("New board", "Create board", "Sprint length", "2 weeks", "member"):
        assert english not in html


def test_the_backlog_in_russian_with_the_keyboard_words_for_its_script(team, client_for):
    BacklogItemFactory(board=team.board, title="Log in", ready=True)
    html = page(client_for(team.po.user), "/b/apollo/")
    assert "<h1>Бэклог продукта</h1>" in html
    assert "Добавить" in html
    assert "Горячие клавиши" in html
    assert "✔ Готов" in html
    assert "Переместить «Log in» в самый верх" in html
    # backlog_keys.js announces these, filling in the {placeholders}
    assert 'data-at-top="Уже в самом верху."' in html
    assert 'data-moved="Перемещено: {row}"' in html
    assert 'data-position="{title}, {position} из {count}"' in html
    for english in ("Product backlog", "Add item", "Keyboard shortcuts", "Already at the top.", "Move to the top"):
        assert english not in html


@pytest.mark.parametrize(
    ("count", "items", "points"),
    [(1, "1 элемент", "1 поинт"), (3, "3 элемента", "3 поинта"), (5, "5 элементов", "5 поинтов")],
)
def test_counts_take_the_russian_plural_form(team, client_for, count, items, points):
    for n in range(count):
        BacklogItemFactory(board=team.board, title=f"Item {n}", points=count)
    html = page(client_for(team.dev.user), "/b/apollo/")
    assert f'<p class="muted count">{items}</p>' in html
    assert f">{points}</span>" in html


def test_the_filtered_count_takes_the_russian_plural_form(team, client_for):
    for title in ("Fix login", "Fix logout", "Fix signup", "Write docs"):
        BacklogItemFactory(board=team.board, title=title)
    html = page(client_for(team.dev.user), "/b/apollo/?q=Fix")
    assert "Под фильтр подходят 3 элемента" in html


def test_the_scrum_board_in_russian(team, client_for):
    BacklogItemFactory(board=team.board, title="Ship it", status=Status.PO_REVIEW)
    BacklogItemFactory(board=team.board, title="Test it", status=Status.TESTING)
    BacklogItemFactory(board=team.board, title="Test that", status=Status.TESTING)
    html = page(client_for(team.dev.user), "/b/apollo/board/")
    assert "<h1>Scrum-доска</h1>" in html
    for column in ("Нужно сделать", "В процессе", "На тестировании", "На проверке у PO", "Готово"):
        assert f">{column}" in html
    assert ">Перенести</button>" in html
    assert "Узкое место: <strong>На тестировании</strong>" in html
    assert "Активного спринта нет" in html
    for english in ("Scrum board", ">To do", ">PO review", ">Move</button>", "Bottleneck", "Nothing here."):
        assert english not in html


def test_an_item_and_its_history_in_russian(team, client_for):
    item = BacklogItemFactory(board=team.board, title="Log in", points=8)
    client = client_for(team.dev.user)
    client.post(f"/b/apollo/items/{item.pk}/status/", {"status": Status.IN_PROGRESS}, **RU)
    html = page(client, f"/b/apollo/items/{item.pk}/")
    assert "Подробности" in html
    assert "Стори-поинты" in html
    assert "изменил(а) статус: Нужно сделать → В процессе" in html
    assert ">Сохранить</button>" in html
    for english in ("Details", "Story points", "changed status", ">Save</button>", "History"):
        assert english not in html


def test_deleting_an_item_asks_in_russian(team, client_for):
    item = BacklogItemFactory(board=team.board, title="Log in")
    html = page(client_for(team.po.user), f"/b/apollo/items/{item.pk}/delete/")
    assert f"Удалить #{item.pk} «Log in»?" in html
    assert "Отменить это нельзя." in html
    assert ">Оставить</a>" in html
    assert "Keep it" not in html
    assert "cannot be undone" not in html


def test_the_settings_in_russian_for_the_scrum_master(team, client_for):
    html = page(client_for(team.sm.user), "/b/apollo/settings/")
    assert "<h1>Настройки доски</h1>" in html
    assert "Пригласить участника" in html
    assert ">Отправить приглашение</button>" in html
    assert ">Scrum-мастер</option>" in html
    assert ">Разработчик</option>" in html
    assert "Пн</label>" in html
    for english in ("Board settings", "Invite a member", "Send invitation", ">Developer<", "Mon</label>"):
        assert english not in html


def test_the_settings_in_russian_read_only(team, client_for):
    html = page(client_for(team.dev.user), "/b/apollo/settings/")
    assert "вам они доступны только для просмотра" in html
    assert "2 недели" in html
    assert "read-only" not in html


def test_a_refused_invitation_and_a_done_change_are_said_in_russian(team, client_for):
    client = client_for(team.sm.user)
    response = client.post("/b/apollo/settings/members/", {"username": "dave", "role": "developer"}, **RU)
    assert response.status_code == 409
    assert "dave уже участник этой доски." in response.content.decode()
    response = client.post("/b/apollo/settings/members/dave/role/", {"role": "scrum_master"}, follow=True, **RU)
    assert "Теперь у dave роль «Scrum-мастер»." in response.content.decode()


def test_a_role_refusal_names_the_roles_and_the_action_in_russian(team, client_for):
    item = BacklogItemFactory(board=team.board, title="Log in")
    response = client_for(team.dev.user).post(f"/b/apollo/items/{item.pk}/delete/", **RU)
    assert response.status_code == 403
    assert "Только Product Owner или Scrum-мастер может удалять элементы бэклога; вы — разработчик." in (
        response.content.decode()
    )
    assert BacklogItem.objects.filter(pk=item.pk).exists()


def test_the_api_refuses_in_russian_with_english_field_names(team):
    response = api_as(team.dev).post(
        "/api/v1/boards/apollo/items/", {"title": "Log in", "assignee": "olga"}, format="json", **RU
    )
    assert response.status_code == 400
    assert response.json() == {"assignee": ["'olga' не участник этой доски."]}


def test_the_api_names_the_role_needed_in_russian(team):
    item = BacklogItemFactory(board=team.board, title="Log in")
    response = api_as(team.dev).post(
        f"/api/v1/boards/apollo/items/{item.pk}/move/", {"position": "top"}, format="json", **RU
    )
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Только Product Owner или Scrum-мастер может менять порядок бэклога; вы — разработчик."
    }


def test_the_api_keeps_enum_values_english_for_a_russian_client(team):
    BacklogItemFactory(board=team.board, title="Log in", status=Status.PO_REVIEW)
    item = api_as(team.dev).get("/api/v1/boards/apollo/items/", **RU).json()["results"][0]
    assert (item["status"], item["kind"]) == ("po_review", "story")
