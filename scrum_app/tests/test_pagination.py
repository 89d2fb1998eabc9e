import pytest

from boards.tests.api_client import api_as
from boards.tests.factories import BacklogItemFactory

pytestmark = pytest.mark.django_db

ITEMS = "/api/v1/boards/apollo/items/"


@pytest.fixture
def seven(team):
    return [BacklogItemFactory(board=team.board, title=f"I{i}") for i in range(7)]


def page(team, **params):
    return api_as(team.dev).get(ITEMS, params)


def test_it_reads_a_page_with_its_total_and_links(team, seven):
    body = page(team, page_size=3, page=2).json()
    assert body["count"] == 7
    assert [r["title"] for r in body["results"]] == ["I3", "I4", "I5"]
    assert "page=3" in body["next"]
    assert "page_size=3" in body["previous"]


def test_it_gives_the_last_page_and_its_links(team, seven):
    body = page(team, page_size=3, page=3).json()
    assert (body["count"], [r["title"] for r in body["results"]], body["next"]) == (7, ["I6"], None)
    assert [r["title"] for r in page(team, page_size=3, page="last").json()["results"]] == ["I6"]


def test_it_answers_an_empty_first_page_for_an_empty_backlog(team):
    assert page(team).json() == {"count": 0, "next": None, "previous": None, "results": []}


@pytest.mark.parametrize("number", ["4", "0", "-1", "two"])
def test_it_answers_404_for_a_page_that_does_not_exist(team, seven, number):
    response = api_as(team.dev).get(f"{ITEMS}?page_size=3&page={number}")
    assert response.status_code == 404
    assert response.json()["detail"] == "Invalid page."


def test_the_count_follows_the_filters(team, seven):
    BacklogItemFactory(board=team.board, title="Bug", kind="bug")
    assert page(team, kind="bug").json()["count"] == 1


HUGE = "99999999999999999999"


@pytest.mark.parametrize("path", [ITEMS, "/api/v1/boards/apollo/members/", "/api/v1/boards/"])
@pytest.mark.parametrize("number", [HUGE, f"-{HUGE}", str(2**63), "1e9"])
def test_it_answers_404_for_a_page_number_past_any_page(team, seven, path, number):
    response = api_as(team.dev).get(f"{path}?page={number}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}


def test_it_answers_the_first_page_for_a_huge_page_size(team, seven):
    body = api_as(team.dev).get(f"{ITEMS}?page_size={HUGE}").json()
    assert body["count"] == 7
    assert len(body["results"]) == 7
