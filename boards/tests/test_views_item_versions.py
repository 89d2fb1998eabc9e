"""Lost updates on the item pages: the backlog's inline edit and the item form send the version they were rendered
from and only the fields this person changed; a stale save shows the other person's value beside what this person
typed, and overwrites nothing."""

import pytest

from boards import services
from boards.models import BacklogItem
from boards.tests.conftest import HTMX
from boards.tests.factories import BacklogItemFactory
from scrum_app.testing import form_data


@pytest.fixture
def item(team):
    return BacklogItemFactory(board=team.board, title="Login", points=3)


def inline_form(client, item, **typed):
    """The backlog row's edit form as shown, with `typed` into its fields."""
    html = client.get(f"/b/apollo/items/{item.pk}/edit/", **HTMX).content.decode()
    return {**form_data(html, f"/items/{item.pk}/edit/"), **{field: [value] for field, value in typed.items()}}


def item_form(client, item, **typed):
    """The item page's form as shown, with `typed` into its fields."""
    html = client.get(f"/b/apollo/items/{item.pk}/").content.decode()
    return {**form_data(html, f"/items/{item.pk}/"), **{field: [value] for field, value in typed.items()}}


def someone_else_sets(item, **fields):
    current = BacklogItem.objects.get(pk=item.pk)
    services.item_update(actor=None, item=current, version=current.version, **fields)


# --- the backlog's inline edit ----------------------------------------------------------------------------------


def test_the_inline_form_carries_the_version_and_what_it_showed(team, client_for, item):
    data = inline_form(client_for(team.dev.user), item)
    assert data["version"] == ["1"]
    assert data["initial-title"] == ["Login"]
    assert data["initial-points"] == ["3"]


def test_renaming_inline_keeps_the_points_someone_else_set_meanwhile_unless_told(team, client_for, item):
    client = client_for(team.dev.user)
    data = inline_form(client, item, title="Log in")
    someone_else_sets(item, points=8)

    response = client.post(f"/b/apollo/items/{item.pk}/edit/", data, **HTMX)

    assert response.status_code == 409
    stored = BacklogItem.objects.get(pk=item.pk)
    assert (stored.title, stored.points) == ("Login", 8)


def test_a_stale_inline_save_shows_their_value_beside_what_i_typed(team, client_for, item):
    client = client_for(team.dev.user)
    data = inline_form(client, item, points="5", title="Log in")
    someone_else_sets(item, points=8, title="Sign in")

    response = client.post(f"/b/apollo/items/{item.pk}/edit/", data, **HTMX)

    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this while you were editing it" in html
    assert f'id="edit{item.pk}_points_theirs"' in html
    assert "Saved meanwhile by someone else: <strong>8</strong>" in html
    assert "Saved meanwhile by someone else: <strong>Sign in</strong>" in html
    shown = form_data(html, f"/items/{item.pk}/edit/")
    assert (shown["title"], shown["points"]) == (["Log in"], ["5"])  # what I typed is kept
    assert shown["version"] == ["2"]
    stored = BacklogItem.objects.get(pk=item.pk)
    assert (stored.title, stored.points, stored.version) == ("Sign in", 8, 2)


def test_saving_the_conflict_form_again_keeps_my_changes_and_their_others(team, client_for, item):
    client = client_for(team.dev.user)
    data = inline_form(client, item, title="Log in")
    someone_else_sets(item, points=8, kind="bug")
    conflict = client.post(f"/b/apollo/items/{item.pk}/edit/", data, **HTMX).content.decode()

    response = client.post(f"/b/apollo/items/{item.pk}/edit/", form_data(conflict, f"/items/{item.pk}/edit/"), **HTMX)

    assert response.status_code == 204
    stored = BacklogItem.objects.get(pk=item.pk)
    assert (stored.title, stored.points, stored.kind, stored.version) == ("Log in", 8, "bug", 3)


def test_an_inline_save_from_the_current_version_sends_only_the_changed_field(team, client_for, item):
    client = client_for(team.dev.user)
    data = inline_form(client, item, title="Log in")

    response = client.post(f"/b/apollo/items/{item.pk}/edit/", data, **HTMX)

    assert response.status_code == 204
    stored = BacklogItem.objects.get(pk=item.pk)
    assert (stored.title, stored.points, stored.version) == ("Log in", 3, 2)
    assert not stored.events.filter(field="points").exists()


# --- the item page ----------------------------------------------------------------------------------------------


def test_a_stale_save_on_the_item_page_is_a_409_showing_both_values(team, client_for, item):
    client = client_for(team.dev.user)
    data = item_form(client, item, description="Mine", points="5")
    someone_else_sets(item, points=13, description="Theirs")

    response = client.post(f"/b/apollo/items/{item.pk}/", data)

    html = response.content.decode()
    assert response.status_code == 409
    assert "Saved meanwhile by someone else: <strong>13</strong>" in html
    assert "Saved meanwhile by someone else: <strong>Theirs</strong>" in html
    shown = form_data(html, f"/items/{item.pk}/")
    assert (shown["description"], shown["points"]) == (["Mine"], ["5"])
    stored = BacklogItem.objects.get(pk=item.pk)
    assert (stored.description, stored.points) == ("Theirs", 13)


def test_editing_the_title_on_the_item_page_leaves_other_fields_as_stored(team, client_for, item):
    client = client_for(team.dev.user)
    data = item_form(client, item, title="Log in")
    # Changed behind the form's back without a version (a script): the page still overwrites nothing it did not edit.
    BacklogItem.objects.filter(pk=item.pk).update(points=8)

    response = client.post(f"/b/apollo/items/{item.pk}/", data)

    assert response.status_code == 302
    stored = BacklogItem.objects.get(pk=item.pk)
    assert (stored.title, stored.points) == ("Log in", 8)
