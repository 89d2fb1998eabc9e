"""Labels over the API: a board's own, any member's to add, rename, recolour and delete; several on an item, given
and shown by name; the items list filters by them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards import services
from boards.models import ItemLabel, Label, LabelColor
from boards.services.labels import label_create
from boards.tests.api_client import api_as
from boards.tests.factories import BacklogItemFactory, BoardFactory, MembershipFactory

pytestmark = pytest.mark.django_db

LABELS = "/api/v1/boards/apollo/labels/"
ITEMS = "/api/v1/boards/apollo/items/"


def names(response):
    return [row["name"] for row in response.json()["results"]]


@pytest.mark.parametrize("persona", ["po", "sm", "dev"])
def test_any_member_adds_a_label(team, persona):
    response = api_as(getattr(team, persona)).post(LABELS, {"name": "Checkout", "color": "#2f9e58"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["color"], body["text_color"]) == ("Checkout", "#2f9e58", "dark")
    assert names(api_as(team.dev).get(LABELS)) == ["Checkout"]


def test_labels_are_listed_by_name_whatever_the_case(team):
    for name in ("ux", "Backend", "api"):
        label_create(acting=team.po, name=name)
    assert names(api_as(team.dev).get(LABELS)) == ["api", "Backend", "ux"]


def test_a_label_without_a_colour_is_blue(team):
    response = api_as(team.dev).post(LABELS, {"name": "Docs"}, format="json")
    assert response.json()["color"] == LabelColor.BLUE == "#2f6fdb"
    assert response.json()["text_color"] == "light"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 51}, "name"),
        ({"name": "a,b"}, "name"),
        ({"name": "Docs", "color": "#123456"}, "color"),
        ({"name": "Docs", "color": "red"}, "color"),
        ({"name": "Docs", "board": 2}, "board"),
    ],
)
def test_a_bad_label_is_a_400_naming_the_field_and_nothing_is_added(team, payload, field):
    response = api_as(team.dev).post(LABELS, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Label.objects.exists()


def test_a_name_taken_in_any_case_is_a_400_naming_the_name(team):
    label_create(acting=team.po, name="UX")
    response = api_as(team.dev).post(LABELS, {"name": " ux "}, format="json")
    assert response.status_code == 400
    assert "name" in response.json()
    assert Label.objects.count() == 1


def test_the_same_name_on_another_board_is_fine(team):
    other = MembershipFactory(board=BoardFactory(slug="zeus"))
    label_create(acting=other, name="UX")
    assert api_as(team.dev).post(LABELS, {"name": "UX"}, format="json").status_code == 201


def test_a_member_renames_and_recolours_a_label_and_its_items_show_the_new_name(team):
    label = label_create(acting=team.po, name="Bakend")
    item = services.item_create(board=team.board, actor=team.po.user, title="API", labels=["bakend"])
    dev = api_as(team.dev)
    response = dev.patch(f"{LABELS}{label.pk}/", {"name": "Backend", "color": "#c62f2f"}, format="json")
    assert response.status_code == 200
    assert (response.json()["name"], response.json()["color"]) == ("Backend", "#c62f2f")
    assert dev.get(f"{ITEMS}{item.pk}/").json()["labels"] == ["Backend"]


def test_a_rename_to_a_name_taken_is_a_400_and_changes_nothing(team):
    label_create(acting=team.po, name="UX")
    label = label_create(acting=team.po, name="API")
    response = api_as(team.dev).patch(f"{LABELS}{label.pk}/", {"name": "ux"}, format="json")
    assert response.status_code == 400
    assert "name" in response.json()
    label.refresh_from_db()
    assert label.name == "API"


def test_renaming_a_label_to_another_case_of_its_own_name_is_fine(team):
    label = label_create(acting=team.po, name="ux")
    response = api_as(team.dev).patch(f"{LABELS}{label.pk}/", {"name": "UX"}, format="json")
    assert (response.status_code, response.json()["name"]) == (200, "UX")


def test_deleting_a_label_takes_it_off_its_items(team):
    label = label_create(acting=team.po, name="UX")
    item = services.item_create(board=team.board, actor=team.po.user, title="Login", labels=["UX"])
    assert api_as(team.dev).delete(f"{LABELS}{label.pk}/").status_code == 204
    assert not Label.objects.exists()
    assert api_as(team.dev).get(f"{ITEMS}{item.pk}/").json()["labels"] == []


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_outsider_gets_404_for_the_labels(team, method):
    response = getattr(api_as(team.outsider), method)(LABELS, {"name": "UX"}, format="json")
    assert response.status_code == 404
    assert not Label.objects.exists()


def test_another_boards_label_is_404_here(team):
    other = MembershipFactory(board=BoardFactory(slug="zeus"))
    label = label_create(acting=other, name="UX")
    dev = api_as(team.dev)
    assert dev.patch(f"{LABELS}{label.pk}/", {"name": "Mine"}, format="json").status_code == 404
    assert dev.delete(f"{LABELS}{label.pk}/").status_code == 404
    assert Label.objects.get(pk=label.pk).name == "UX"


def test_the_labels_list_costs_the_same_queries_for_5_and_50(team):
    client = api_as(team.dev)

    def count(n):
        Label.objects.bulk_create(Label(board=team.board, name=f"L{i}") for i in range(Label.objects.count(), n))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(LABELS, {"page_size": 100}).json()["count"] == n
        return len(ctx.captured_queries)

    assert count(5) == count(50)


# --- labels on items --------------------------------------------------------------------------------------------


def test_an_item_is_created_and_edited_with_labels_by_name_whatever_the_case(team):
    for name in ("UX", "Backend", "api"):
        label_create(acting=team.po, name=name)
    dev = api_as(team.dev)
    created = dev.post(ITEMS, {"title": "Login", "labels": ["ux", "API"]}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["labels"] == ["api", "UX"]
    url = f"{ITEMS}{created.json()['id']}/"
    edited = dev.patch(url, {"labels": ["Backend", "backend"]}, format="json")
    assert edited.status_code == 200
    assert edited.json()["labels"] == ["Backend"]
    assert dev.patch(url, {"title": "Sign in"}, format="json").json()["labels"] == ["Backend"]  # kept
    assert dev.patch(url, {"labels": []}, format="json").json()["labels"] == []


def test_an_unknown_label_is_a_400_naming_labels_and_nothing_changes(team):
    label_create(acting=team.po, name="UX")
    item = services.item_create(board=team.board, actor=team.po.user, title="Login", labels=["UX"])
    dev = api_as(team.dev)
    created = dev.post(ITEMS, {"title": "Export", "labels": ["UX", "Nope"]}, format="json")
    assert created.status_code == 400
    assert "Nope" in created.json()["labels"][0]
    edited = dev.patch(f"{ITEMS}{item.pk}/", {"title": "Changed", "labels": ["Nope"]}, format="json")
    assert edited.status_code == 400
    assert "labels" in edited.json()
    assert dev.get(f"{ITEMS}{item.pk}/").json()["labels"] == ["UX"]
    assert list(team.board.items.values_list("title", flat=True)) == ["Login"]


def test_another_boards_label_is_unknown_here(team):
    label_create(acting=MembershipFactory(board=BoardFactory(slug="zeus")), name="Secret")
    response = api_as(team.dev).post(ITEMS, {"title": "Export", "labels": ["Secret"]}, format="json")
    assert response.status_code == 400
    assert "labels" in response.json()


def test_items_added_in_bulk_carry_their_labels_and_an_unknown_one_adds_none(team):
    label_create(acting=team.po, name="UX")
    po = api_as(team.po)
    bad = po.post(f"{ITEMS}bulk/", [{"title": "A", "labels": ["UX"]}, {"title": "B", "labels": ["No"]}], format="json")
    assert bad.status_code == 400
    assert "labels" in bad.json()["1"]
    assert not team.board.items.exists()
    good = po.post(f"{ITEMS}bulk/", [{"title": "A", "labels": ["ux"]}, {"title": "B"}], format="json")
    assert [row["labels"] for row in good.json()] == [["UX"], []]


# --- the label filter -------------------------------------------------------------------------------------------


@pytest.fixture
def labelled(team):
    for name in ("UX", "Backend", "Docs"):
        label_create(acting=team.po, name=name)
    make = services.item_create
    make(board=team.board, actor=team.po.user, title="Login page", labels=["UX"])
    make(board=team.board, actor=team.po.user, title="Login API", labels=["Backend"])
    make(board=team.board, actor=team.po.user, title="Both", labels=["UX", "Backend"])
    make(board=team.board, actor=team.po.user, title="None")


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("label=UX", ["Login page", "Both"]),
        ("label=ux", ["Login page", "Both"]),
        ("label=UX&label=Backend", ["Login page", "Login API", "Both"]),
        ("label=UX,Backend", ["Login page", "Login API", "Both"]),
        ("label=Docs", []),
        ("label=Backend&q=login", ["Login API"]),
    ],
)
def test_the_items_list_filters_by_any_of_several_labels(team, labelled, query, titles):
    response = api_as(team.dev).get(f"{ITEMS}?{query}")
    assert response.status_code == 200, response.content
    assert [row["title"] for row in response.json()["results"]] == titles


@pytest.mark.parametrize("query", ["label=Nope", "label=UX,Nope"])
def test_an_unknown_label_filter_is_a_400_naming_label(team, labelled, query):
    response = api_as(team.dev).get(f"{ITEMS}?{query}")
    assert response.status_code == 400
    assert "label" in response.json()


def test_a_label_added_makes_its_filter_valid_at_once_though_the_page_was_cached(team, labelled):
    dev = api_as(team.dev)
    assert dev.get(ITEMS, {"label": "QA"}).status_code == 400
    label_create(acting=team.po, name="QA")
    assert dev.get(ITEMS, {"label": "QA"}).status_code == 200


def test_the_label_filter_costs_the_same_queries_for_5_and_50_items(team):
    label_create(acting=team.po, name="UX")
    client = api_as(team.dev)

    def count(n):
        items = [BacklogItemFactory(board=team.board) for _ in range(n - team.board.items.count())]
        label = Label.objects.get(board=team.board)
        ItemLabel.objects.bulk_create(ItemLabel(board=team.board, item=item, label=label) for item in items)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(ITEMS, {"label": "UX", "page_size": 100}).json()["count"] == n
        return len(ctx.captured_queries)

    assert count(5) == count(50)


@pytest.mark.parametrize("color", LabelColor.values)
def test_every_colour_of_the_palette_reads_with_its_text_colour(color):
    from boards.label_models import contrast

    assert contrast(color) >= 4.5  # WCAG AA for normal text, on either theme: the chip draws its own background
