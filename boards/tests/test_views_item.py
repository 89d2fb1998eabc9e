import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards import services
from boards.models import BacklogItem, Status
from boards.tests.factories import BacklogItemFactory, BoardFactory

FULL = {
    "title": "Export as CSV",
    "kind": "story",
    "points": "5",
    "status": "in_progress",
    "assignee": "dave",
    "ready": "on",  # not a field of the form: ready follows the Definition of Ready's ticks
    "description": "So that finance can read it.",
    "acceptance_criteria": "Given a backlog, when exported, then one row per item.",
}


@pytest.fixture
def item(team):
    return services.item_create(
        board=team.board,
        actor=team.po.user,
        title="Export",
        description="First draft",
        acceptance_criteria="One row per item",
        points=3,
    )


def test_it_sends_anonymous_visitors_to_log_in(team, client, item):
    response = client.get(f"/b/apollo/items/{item.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_outsiders_and_other_boards_get_404(team, client_for, item):
    assert client_for(team.outsider).get(f"/b/apollo/items/{item.pk}/").status_code == 404
    foreign = BacklogItemFactory(board=BoardFactory(slug="other"))
    assert client_for(team.dev.user).get(f"/b/apollo/items/{foreign.pk}/").status_code == 404
    assert client_for(team.dev.user).get("/b/apollo/items/999999/").status_code == 404


def test_it_shows_every_field(team, client_for, item):
    html = client_for(team.dev.user).get(f"/b/apollo/items/{item.pk}/").content.decode()
    for text in ("Export", "Story", "To do", "First draft", "One row per item", "nobody", "by paula"):
        assert text in html


def test_it_shows_the_history_who_when_and_old_to_new(team, client_for, item):
    with time_machine.travel("2026-03-02 09:30:00+00:00", tick=False):
        services.item_update(actor=team.dev.user, item=item, status=Status.IN_PROGRESS)
    with time_machine.travel("2026-03-03 14:00:00+00:00", tick=False):
        services.item_update(actor=team.sm.user, item=item, points=8)
    html = client_for(team.dev.user).get(f"/b/apollo/items/{item.pk}/").content.decode()
    history = html[html.index('id="activity-heading"') :]
    assert "created it in To do" in history
    assert "2 Mar 2026, 09:30 UTC" in history and "dave" in history and "changed status: To do → In progress" in history
    assert "3 Mar 2026, 14:00 UTC" in history and "sam" in history and "changed points: 3 → 8" in history
    assert history.index("To do → In progress") < history.index("3 → 8")


def test_every_member_edits_all_fields(team, client_for, item):
    was_ready = item.ready
    response = client_for(team.dev.user).post(f"/b/apollo/items/{item.pk}/", FULL)
    assert response.status_code == 302
    assert response["Location"] == f"/b/apollo/items/{item.pk}/"
    item.refresh_from_db()
    assert item.title == "Export as CSV"
    assert (item.points, item.status, item.assignee, item.ready) == (5, "in_progress", team.dev.user, was_ready)
    assert item.acceptance_criteria.startswith("Given a backlog")
    assert item.updated_by == team.dev.user


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 10_000}, "title"),
        ({"points": "4"}, "points"),
        ({"status": "shipped"}, "status"),
        ({"assignee": "olga"}, "assignee"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_nothing_changes(team, client_for, item, change, field):
    response = client_for(team.dev.user).post(f"/b/apollo/items/{item.pk}/", {**FULL, **change})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert f'id="id_{field}_errors"' in html
    assert "So that finance can read it." in html  # what was typed stays
    item.refresh_from_db()
    assert (item.title, item.points, item.status) == ("Export", 3, "todo")


def test_saving_through_htmx_answers_the_item_as_saved_alone(team, client_for, item):
    response = client_for(team.dev.user).post(f"/b/apollo/items/{item.pk}/", FULL, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "HX-Request" in response["Vary"]
    assert html.lstrip().startswith('<div id="item-detail">') and "<html" not in html
    assert "Item saved." in html and "<h1>Export as CSV</h1>" in html
    assert "changed status: To do → In progress" in html.split('id="activity-heading"', 1)[1]
    item.refresh_from_db()
    assert f'name="version" value="{item.version}"' in html  # the next save is from what was just saved


def test_bad_input_through_htmx_comes_back_in_the_form_alone(team, client_for, item):
    data = {**FULL, "title": ""}
    response = client_for(team.dev.user).post(f"/b/apollo/items/{item.pk}/", data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 400 and "<html" not in html
    assert 'id="id_title_errors"' in html and "So that finance can read it." in html


def test_the_edit_form_posts_to_the_page_and_through_htmx_alike(team, client_for, item):
    html = client_for(team.dev.user).get(f"/b/apollo/items/{item.pk}/").content.decode()
    url = f"/b/apollo/items/{item.pk}/"
    assert f'action="{url}" class="stack" novalidate hx-post="{url}" hx-target="#item-detail"' in html


def test_an_outsider_cannot_edit(team, client_for, item):
    assert client_for(team.outsider).post(f"/b/apollo/items/{item.pk}/", FULL).status_code == 404
    assert (
        client_for(team.outsider).post(f"/b/apollo/items/{item.pk}/", FULL, HTTP_HX_REQUEST="true").status_code == 404
    )
    item.refresh_from_db()
    assert item.title == "Export"


def test_the_delete_link_is_there_only_for_product_owner_and_scrum_master(team, client_for, item):
    delete = f"/b/apollo/items/{item.pk}/delete/"
    assert delete in client_for(team.po.user).get(f"/b/apollo/items/{item.pk}/").content.decode()
    assert delete in client_for(team.sm.user).get(f"/b/apollo/items/{item.pk}/").content.decode()
    assert delete not in client_for(team.dev.user).get(f"/b/apollo/items/{item.pk}/").content.decode()


def test_the_page_runs_the_same_queries_for_a_short_and_a_long_history(team, client_for, item):
    client = client_for(team.dev.user)
    with CaptureQueriesContext(connection) as short:
        client.get(f"/b/apollo/items/{item.pk}/")
    for n in range(30):
        actor = (team.po, team.sm, team.dev)[n % 3].user
        services.item_update(actor=actor, item=item, status=Status.values[n % 5], points=[1, 2, 3][n % 3])
    with CaptureQueriesContext(connection) as long:
        client.get(f"/b/apollo/items/{item.pk}/")
    assert len(long) == len(short)
    assert BacklogItem.objects.get(pk=item.pk).events.count() > 30
