"""The backlog's rows and the board's cards are built in Python (boards/views/rows.py): what a user typed is shown as
text, in the page and in every accessible name, never as markup."""

import pytest

from boards.tests.factories import BacklogItemFactory

TITLE = """<img src=x onerror=alert(1)> "quoted" & 'single'"""
ESCAPED = "&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; &amp; &#x27;single&#x27;"


@pytest.mark.parametrize("url", ["/b/apollo/", "/b/apollo/board/"])
def test_a_title_is_text_in_the_rows_and_their_labels(team, client_for, url):
    item = BacklogItemFactory(board=team.board, title=TITLE, assignee=team.dev.user)
    html = client_for(team.po.user).get(url).content.decode()
    assert "<img" not in html
    assert f'href="/b/apollo/items/{item.pk}/">{ESCAPED}</a>' in html
    assert f"Move “{ESCAPED}”" in html  # the move button's (backlog) or the column picker's (board) name
    assert ">dave<" in html


def test_the_rows_speak_russian_to_a_russian_browser(team, client_for):
    BacklogItemFactory(board=team.board, title="Поиск", points=3, ready=True)
    html = client_for(team.po.user).get("/b/apollo/", headers={"Accept-Language": "ru"}).content.decode()
    assert "3 поинта" in html
    assert "✔ Готов" in html
    assert "Переместить «Поиск» выше" in html
    board = client_for(team.po.user).get("/b/apollo/board/", headers={"Accept-Language": "ru"}).content.decode()
    assert "Перенести" in board
