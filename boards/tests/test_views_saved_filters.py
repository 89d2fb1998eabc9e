"""Saved filters of the backlog: a member saves the filter shown under a name, applies it by its link, deletes it;
nobody else sees or deletes it."""

import pytest

from boards import services
from boards.models import SavedFilter
from boards.tests.conftest import HTMX
from boards.tests.factories import BacklogItemFactory, BoardFactory, MembershipFactory
from scrum_app.errors import InvalidInput

SAVE = "/b/apollo/filters/"


def saved(membership) -> list[tuple[str, str]]:
    return list(SavedFilter.objects.filter(user=membership.user, board=membership.board).values_list("name", "query"))


def test_a_member_saves_the_filter_shown_and_sees_it_listed(team, client_for):
    client = client_for(team.dev.user)
    response = client.post(SAVE, {"name": "  My   bugs ", "query": "kind=bug&assignee=me&q=crash"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="saved-filters"')
    assert '<a href="/b/apollo/?kind=bug&amp;assignee=me&amp;q=crash">My bugs</a>' in html
    assert "Saved “My bugs”." in html
    assert saved(team.dev) == [("My bugs", "kind=bug&assignee=me&q=crash")]
    page = client.get("/b/apollo/").content.decode()
    assert ">My bugs</a>" in page


def test_saving_a_name_again_replaces_its_filter(team, client_for):
    client = client_for(team.dev.user)
    client.post(SAVE, {"name": "Mine", "query": "assignee=me"}, **HTMX)
    client.post(SAVE, {"name": "Mine", "query": "assignee=me&status=todo"}, **HTMX)
    assert saved(team.dev) == [("Mine", "status=todo&assignee=me")]


def test_without_javascript_saving_goes_to_the_filtered_backlog(team, client_for):
    response = client_for(team.dev.user).post(SAVE, {"name": "Todo", "query": "status=todo"})
    assert response.status_code == 302
    assert response["Location"] == "/b/apollo/?status=todo"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "   ", "query": "status=todo"}, "This field is required."),
        ({"name": "Nothing", "query": ""}, "Choose a filter or search for something first."),
        ({"name": "Broken", "query": "status=later"}, "Choose a filter or search for something first."),
        ({"name": "x" * 61, "query": "status=todo"}, "Ensure this value has at most 60 characters (it has 61)."),
    ],
)
def test_a_bad_save_is_a_400_with_the_reason_by_the_name(team, client_for, data, message):
    response = client_for(team.dev.user).post(SAVE, data, **HTMX)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'id="save_name_errors"' in response.content.decode()
    assert saved(team.dev) == []


def test_a_bad_save_without_javascript_shows_the_backlog_with_the_error(team, client_for):
    response = client_for(team.dev.user).post(SAVE, {"name": "", "query": "status=todo"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert "Product backlog" in response.content.decode()


def test_each_member_sees_only_their_own_saved_filters(team, client_for):
    services.saved_filter_save(acting=team.po, name="PO only", query="status=todo")
    services.saved_filter_save(acting=team.dev, name="Dev only", query="status=done")
    po_page = client_for(team.po.user).get("/b/apollo/").content.decode()
    dev_page = client_for(team.dev.user).get("/b/apollo/").content.decode()
    assert "PO only" in po_page and "Dev only" not in po_page
    assert "Dev only" in dev_page and "PO only" not in dev_page


def test_a_saved_filter_is_kept_per_board(team, client_for):
    other = BoardFactory(slug="zeus")
    theirs = MembershipFactory(board=other, user=team.dev.user)
    services.saved_filter_save(acting=theirs, name="Zeus bugs", query="kind=bug")
    assert "Zeus bugs" not in client_for(team.dev.user).get("/b/apollo/").content.decode()


def test_a_member_deletes_their_saved_filter(team, client_for):
    mine = services.saved_filter_save(acting=team.dev, name="Mine", query="status=todo")
    response = client_for(team.dev.user).post(f"/b/apollo/filters/{mine.pk}/delete/", **HTMX)
    assert response.status_code == 200
    assert "Mine" not in response.content.decode()
    assert saved(team.dev) == []


def test_without_javascript_deleting_returns_to_the_backlog(team, client_for):
    mine = services.saved_filter_save(acting=team.dev, name="Mine", query="status=todo")
    response = client_for(team.dev.user).post(f"/b/apollo/filters/{mine.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/b/apollo/"


def test_nobody_else_deletes_it_and_outsiders_get_404(team, client_for):
    mine = services.saved_filter_save(acting=team.dev, name="Mine", query="status=todo")
    url = f"/b/apollo/filters/{mine.pk}/delete/"
    assert client_for(team.po.user).post(url).status_code == 404
    assert client_for(team.outsider).post(url).status_code == 404
    assert client_for(team.outsider).post(SAVE, {"name": "x", "query": "status=todo"}).status_code == 404
    assert saved(team.dev) == [("Mine", "status=todo")]


def test_anonymous_visitors_are_sent_to_log_in(team, client):
    response = client.post(SAVE, {"name": "x", "query": "status=todo"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_an_assignee_who_is_not_a_member_is_refused(team):
    with pytest.raises(InvalidInput):
        services.saved_filter_save(acting=team.dev, name="Olga", query="assignee=olga")


def test_a_member_keeps_at_most_the_limit(team):
    for n in range(services.SAVED_FILTERS_LIMIT):
        services.saved_filter_save(acting=team.dev, name=f"F{n}", query="status=todo")
    with pytest.raises(InvalidInput, match="delete one first"):
        services.saved_filter_save(acting=team.dev, name="One more", query="status=todo")
    services.saved_filter_save(acting=team.dev, name="F0", query="status=done")  # replacing is fine


def test_the_saved_link_shows_that_filter(team, client_for):
    BacklogItemFactory(board=team.board, title="Todo item")
    mine = services.saved_filter_save(acting=team.dev, name="Todo", query="status=todo")
    response = client_for(team.dev.user).get(f"/b/apollo/?{mine.query}")
    assert [item.title for item in response.context["items"]] == ["Todo item"]


def test_the_service_refuses_a_blank_name(team):
    with pytest.raises(InvalidInput, match="Give the filter a name"):
        services.saved_filter_save(acting=team.dev, name=" \t ", query="status=todo")


@pytest.mark.parametrize("query", ["assignee=da%00ve", "q=a%00b", "status=todo%00"])
def test_a_query_holding_a_nul_is_refused_by_the_name(team, client_for, query):
    response = client_for(team.dev.user).post(SAVE, {"name": "Odd", "query": query}, **HTMX)
    assert response.status_code == 400
    assert "Choose a filter or search for something first." in response.content.decode()
    assert saved(team.dev) == []
