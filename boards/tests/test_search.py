"""Full-text search of the backlog on PostgreSQL: stems of Russian and English words, prefixes while typing, ranking
by where the words are, highlights; in the page and the API."""

import pytest

from boards.models import BacklogItem
from boards.tests.api_client import api_as
from boards.tests.conftest import HTMX
from boards.tests.factories import BacklogItemFactory
from conftest import postgres_only

pytestmark = postgres_only()

ITEMS = "/api/v1/boards/apollo/items/"


def found(team, q: str) -> list[str]:
    response = api_as(team.dev).get(ITEMS, {"q": q})
    assert response.status_code == 200, response.json()
    return [row["title"] for row in response.json()["results"]]


def test_a_russian_word_finds_its_other_forms(team):
    BacklogItemFactory(board=team.board, title="Закрыть задачи спринта")
    BacklogItemFactory(board=team.board, title="Новая задача для команды")
    BacklogItemFactory(board=team.board, title="Починить вход")
    assert sorted(found(team, "задача")) == ["Закрыть задачи спринта", "Новая задача для команды"]
    assert sorted(found(team, "задачи")) == ["Закрыть задачи спринта", "Новая задача для команды"]
    assert sorted(found(team, "ЗАДАЧАМИ")) == sorted(found(team, "задача"))


def test_english_plurals_and_verb_forms_find_each_other(team):
    BacklogItemFactory(board=team.board, title="Export the reports")
    BacklogItemFactory(board=team.board, title="Fix a failing report", description="It failed twice.")
    BacklogItemFactory(board=team.board, title="Login page")
    assert sorted(found(team, "report")) == ["Export the reports", "Fix a failing report"]
    assert sorted(found(team, "reports")) == ["Export the reports", "Fix a failing report"]
    assert found(team, "fails") == ["Fix a failing report"]


def test_a_word_being_typed_finds_the_words_it_begins(team):
    BacklogItemFactory(board=team.board, title="Deployment pipeline")
    BacklogItemFactory(board=team.board, title="Развёртывание на стенд")
    assert found(team, "deplo") == ["Deployment pipeline"]
    assert found(team, "deployme") == ["Deployment pipeline"]
    assert found(team, "развёрт") == ["Развёртывание на стенд"]


def test_every_word_must_match_somewhere_in_the_item(team):
    BacklogItemFactory(board=team.board, title="Export CSV", description="For the finance team")
    BacklogItemFactory(board=team.board, title="Export PDF")
    assert found(team, "export finance") == ["Export CSV"]
    assert found(team, "export nothing") == []


def test_it_searches_the_title_the_criteria_and_the_description(team):
    BacklogItemFactory(board=team.board, title="A", description="Wombat in the description")
    BacklogItemFactory(board=team.board, title="B", acceptance_criteria="Given a wombat")
    BacklogItemFactory(board=team.board, title="C")
    assert sorted(found(team, "wombat")) == ["A", "B"]


def test_a_match_in_the_title_ranks_above_the_criteria_above_the_description(team):
    # Created in the reverse order of their rank: the backlog order alone would list them the other way round.
    BacklogItemFactory(board=team.board, title="Described", description="The invoice is wrong")
    BacklogItemFactory(board=team.board, title="Criteria", acceptance_criteria="Invoice is sent")
    BacklogItemFactory(board=team.board, title="Invoices by e-mail")
    assert found(team, "invoice") == ["Invoices by e-mail", "Criteria", "Described"]


def test_equal_ranks_keep_the_backlog_order(team):
    for title in ("Cache one", "Cache two", "Cache three"):
        BacklogItemFactory(board=team.board, title=title)
    assert found(team, "cache") == ["Cache one", "Cache two", "Cache three"]


def test_an_edit_is_found_at_once(team):
    item = BacklogItemFactory(board=team.board, title="Old words")
    BacklogItem.objects.filter(pk=item.pk).update(acceptance_criteria="новые требования")  # not through a service
    assert found(team, "требование") == ["Old words"]
    assert found(team, "old") == ["Old words"]


def test_punctuation_and_operators_are_only_text(team):
    BacklogItemFactory(board=team.board, title="Can't log in (SSO)")
    assert found(team, "can't") == ["Can't log in (SSO)"]
    assert found(team, "sso) & !log | <->") == ["Can't log in (SSO)"]
    assert found(team, "'") == []


def test_the_api_marks_the_matches_in_each_text(team):
    BacklogItemFactory(
        board=team.board,
        title="Reports <b>export</b>",
        description="Nothing here. " * 30 + "The monthly reports go to finance.",
        acceptance_criteria="",
    )
    [row] = api_as(team.dev).get(ITEMS, {"q": "report"}).json()["results"]
    assert row["highlight"]["title"] == "<mark>Reports</mark> &lt;b&gt;export&lt;/b&gt;"
    assert "monthly <mark>reports</mark> go to finance" in row["highlight"]["description"]
    assert not row["highlight"]["description"].startswith("Nothing here. Nothing here. Nothing here. Nothing here. N")
    assert row["highlight"]["acceptance_criteria"] == ""
    assert "highlight" not in api_as(team.dev).get(ITEMS).json()["results"][0]


def test_russian_matches_are_marked_in_their_own_form(team):
    BacklogItemFactory(board=team.board, title="Все задачи спринта")
    [row] = api_as(team.dev).get(ITEMS, {"q": "задача"}).json()["results"]
    assert row["highlight"]["title"] == "Все <mark>задачи</mark> спринта"


def test_the_page_marks_the_title_and_shows_where_else_it_matched(team, client_for):
    BacklogItemFactory(board=team.board, title="Billing", acceptance_criteria="Totals include VAT & fees for reports")
    BacklogItemFactory(board=team.board, title="Reports page")
    html = client_for(team.dev.user).get("/b/apollo/?q=reports", **HTMX).content.decode()
    assert '<a class="title" href="' in html
    assert "<mark>Reports</mark> page</a>" in html
    assert '<span class="snippet">Totals include VAT &amp; fees for <mark>reports</mark></span>' in html
    assert html.index("Reports page") < html.index("Billing")  # the title match ranks first
    assert "2 items match the filter" in html


@pytest.mark.parametrize("q", ["reports", "report"])
def test_search_and_filters_combine(team, q):
    BacklogItemFactory(board=team.board, title="Reports export", kind="bug")
    BacklogItemFactory(board=team.board, title="Reports page", kind="story")
    assert [row["title"] for row in api_as(team.dev).get(ITEMS, {"q": q, "kind": "bug"}).json()["results"]] == [
        "Reports export"
    ]
