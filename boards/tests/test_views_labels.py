"""The labels page, labels on the backlog's rows, the board's cards and the item page, and the backlog's label
filter. Every member manages labels; outsiders get 404."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards import services
from boards.models import BacklogItem, ItemLabel, Label, LabelColor
from boards.services.labels import label_create
from boards.tests.conftest import HTMX, assert_sends_anonymous_visitors_to_log_in
from boards.tests.factories import BacklogItemFactory, BoardFactory, MembershipFactory

pytestmark = pytest.mark.django_db

PAGE = "/b/apollo/labels/"


@pytest.fixture
def labelled(team):
    """UX (violet, light text) on Login and Both; Backend (yellow, dark text) on API and Both; Docs on nothing."""
    label_create(acting=team.po, name="UX", color=LabelColor.VIOLET)
    label_create(acting=team.po, name="Backend", color=LabelColor.YELLOW)
    label_create(acting=team.po, name="Docs")
    make = services.item_create
    make(board=team.board, actor=team.po.user, title="Login", labels=["UX"])
    make(board=team.board, actor=team.po.user, title="API", labels=["Backend"])
    make(board=team.board, actor=team.po.user, title="Both", labels=["UX", "Backend"])
    make(board=team.board, actor=team.po.user, title="Plain")


def test_it_sends_anonymous_visitors_to_log_in(team, client):
    assert_sends_anonymous_visitors_to_log_in(client, PAGE)


def test_it_hides_the_labels_from_outsiders(team, client_for, labelled):
    client = client_for(team.outsider)
    assert client.get(PAGE).status_code == 404
    assert client.post(PAGE, {"action": "add", "name": "Mine"}).status_code == 404
    assert not Label.objects.filter(name="Mine").exists()


def test_a_member_sees_each_label_with_its_colour_and_how_many_items_carry_it(team, client_for, labelled):
    response = client_for(team.dev.user)
    page = response.get(PAGE).content.decode()
    assert '<span class="label label-7d4fd6 on-light">UX</span>' in page
    assert '<span class="label label-f2c94c on-dark">Backend</span>' in page
    assert "/b/apollo/?label=UX" in page and "2 items" in page
    assert page.index(">Backend<") < page.index(">Docs<") < page.index(">UX<")


@pytest.mark.parametrize("persona", ["po", "sm", "dev"])
def test_any_member_adds_a_label_and_sees_it_listed(team, client_for, persona):
    client = client_for(getattr(team, persona).user)
    response = client.post(PAGE, {"action": "add", "name": "QA", "color": LabelColor.GREEN}, **HTMX)
    assert response.status_code == 200
    assert "Label “QA” added." in response.content.decode()
    assert 'class="label label-2f9e58 on-dark">QA<' in response.content.decode()
    assert Label.objects.get(board=team.board).color == LabelColor.GREEN


def test_a_plain_post_is_redirected_back_to_the_page(team, client_for):
    response = client_for(team.dev.user).post(PAGE, {"action": "add", "name": "QA"})
    assert (response.status_code, response["Location"]) == (302, PAGE)


def test_a_name_taken_is_refused_naming_it_and_keeps_what_was_typed(team, client_for, labelled):
    client = client_for(team.dev.user)
    for extra in ({}, HTMX):
        response = client.post(PAGE, {"action": "add", "name": "ux", "color": LabelColor.RED}, **extra)
        assert response.status_code == 400
        page = response.content.decode()
        assert "This board already has a label named &#x27;ux&#x27;." in page
        assert 'id="label-new-name" maxlength="50" required value="ux"' in page
        assert f'<option value="{LabelColor.RED}" selected>' in page
    assert Label.objects.filter(board=team.board).count() == 3


def test_a_member_renames_recolours_and_deletes_a_label(team, client_for, labelled):
    client = client_for(team.dev.user)
    ux = Label.objects.get(name="UX")
    edit = {"action": "edit", "label": ux.pk, "name": "Design", "color": LabelColor.PINK}
    assert "Label “Design” saved." in client.post(PAGE, edit, **HTMX).content.decode()
    ux.refresh_from_db()
    assert (ux.name, ux.color) == ("Design", LabelColor.PINK)
    response = client.post(PAGE, {"action": "delete", "label": ux.pk}, **HTMX)
    assert "it left every item it was on" in response.content.decode()
    assert not ItemLabel.objects.filter(label_id=ux.pk).exists()


def test_a_rename_refused_shows_the_typed_name_in_its_row(team, client_for, labelled):
    docs = Label.objects.get(name="Docs")
    edit = {"action": "edit", "label": docs.pk, "name": "backend", "color": docs.color}
    response = client_for(team.dev.user).post(PAGE, edit, **HTMX)
    assert response.status_code == 400
    assert f'id="label-name-{docs.pk}" value="backend"' in response.content.decode()
    assert Label.objects.get(pk=docs.pk).name == "Docs"


def test_another_boards_label_is_404_here(team, client_for):
    theirs = label_create(acting=MembershipFactory(board=BoardFactory(slug="zeus")), name="UX")
    response = client_for(team.dev.user).post(PAGE, {"action": "delete", "label": theirs.pk})
    assert response.status_code == 404
    assert Label.objects.filter(pk=theirs.pk).exists()


def test_the_page_runs_the_same_queries_for_5_and_50_labels(team, client_for):
    client = client_for(team.dev.user)

    def count(n):
        Label.objects.bulk_create(Label(board=team.board, name=f"L{i}") for i in range(Label.objects.count(), n))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(PAGE).status_code == 200
        return len(ctx.captured_queries)

    assert count(5) == count(50)


# --- labels on the backlog, the board and the item page ---------------------------------------------------------


def rows(response):
    return [item.title for item in response.context["items"]]


def test_backlog_rows_and_board_cards_show_their_labels(team, client_for, labelled):
    client = client_for(team.dev.user)
    backlog = client.get("/b/apollo/").content.decode()
    both = backlog[backlog.index(">Both</a>") :]
    assert both.startswith(
        '>Both</a><span class="item-labels"><span class="label label-f2c94c on-dark">Backend</span>'
        '<span class="label label-7d4fd6 on-light">UX</span></span>'
    )
    board = client.get("/b/apollo/board/?scope=all").content.decode()
    assert '>Login</a><span class="item-labels"><span class="label label-7d4fd6 on-light">UX</span>' in board


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("label=UX", ["Login", "Both"]),
        ("label=ux", ["Login", "Both"]),
        ("label=UX&label=Backend", ["Login", "API", "Both"]),
        ("label=UX,backend", ["Login", "API", "Both"]),
        ("label=Backend&q=api", ["API"]),
        ("label=Docs", []),
    ],
)
def test_the_backlog_filters_by_any_of_the_labels_ticked(team, client_for, labelled, query, titles):
    response = client_for(team.dev.user).get(f"/b/apollo/?{query}")
    assert response.status_code == 200
    assert rows(response) == titles


def test_an_unknown_label_filter_is_a_400_naming_label(team, client_for, labelled):
    response = client_for(team.dev.user).get("/b/apollo/?label=Nope")
    assert response.status_code == 400
    assert "label" in response.context["filter_form"].errors


def test_the_backlog_runs_the_same_queries_for_5_and_50_labelled_items(team, client_for, labelled):
    client = client_for(team.dev.user)
    labels = list(Label.objects.filter(board=team.board))

    def count(n):
        items = [BacklogItemFactory(board=team.board) for _ in range(n - BacklogItem.objects.count())]
        ItemLabel.objects.bulk_create(
            ItemLabel(board=team.board, item=item, label=label) for item in items for label in labels
        )
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/b/apollo/?label=Docs")
        assert len(response.context["items"]) == n - 4  # the new ones: the fixture's items carry no Docs
        return len(ctx.captured_queries)

    assert count(8) == count(53)


def test_the_item_page_shows_its_labels_and_saves_the_ones_ticked(team, client_for, labelled):
    client = client_for(team.dev.user)
    item = BacklogItem.objects.get(title="Both")
    page = client.get(f"/b/apollo/items/{item.pk}/").content.decode()
    assert '<dd class="labels"><span class="label label-f2c94c on-dark">Backend</span>' in page
    assert 'name="labels" value="Docs"' in page
    response = client.post(
        f"/b/apollo/items/{item.pk}/",
        {"title": "Both", "kind": "story", "status": "todo", "labels": ["Docs", "UX"], "version": item.version},
    )
    assert response.status_code == 302
    assert sorted(item.labels.values_list("name", flat=True)) == ["Docs", "UX"]
