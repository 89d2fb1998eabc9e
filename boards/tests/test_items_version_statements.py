"""Writes made outside the services (bulk ORM statements, raw SQL, a board saved from an old read) show in the very
next answer of the items endpoint too, though the page before them was cached: the database raises the board's items
version (boards/migrations/0008_items_version_triggers.py), not the code that writes."""

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction

from boards import services
from boards.models import BacklogItem, Board, Membership, Role
from boards.tests import test_items_version as every_path
from boards.tests.factories import BacklogItemFactory, BoardFactory
from conftest import postgres_only
from sprints import services as sprint_services
from sprints.models import Sprint

pytestmark = pytest.mark.django_db

ITEMS, listed, titles = every_path.ITEMS, every_path.listed, every_path.titles
backlog, reader = every_path.backlog, every_path.reader  # the backlog, and a reader whose list is cached


def test_a_board_saved_from_an_old_read_keeps_the_newer_items_version(team, backlog, reader):
    """A save() without update_fields writes every column back; the database keeps the version it has."""
    stale = Board.objects.get(pk=team.board.pk)
    services.item_update(actor=team.dev.user, item=backlog[0], title="Sign in")
    stale.description = "Written from an old read"
    stale.save()
    assert titles(reader)[0] == "Sign in"


# --- statements outside the services ----------------------------------------------------------------------------


def test_a_bulk_orm_update_shows_next(team, reader):
    # Created through the services on a board with no Definition of Ready: all three start ready.
    BacklogItem.objects.filter(board=team.board, title__in=["Login", "Export"]).update(points=3, ready=False)
    assert [(row["points"], row["ready"]) for row in listed(reader).values()] == [(3, False), (None, True), (3, False)]


def test_a_bulk_orm_delete_shows_next(team, reader):
    BacklogItem.objects.filter(board=team.board, title="Search").delete()
    assert titles(reader) == ["Login", "Export"]


def test_an_item_moved_to_another_board_leaves_this_ones_list_next(team, reader, backlog):
    other = BoardFactory(slug="hermes")
    BacklogItem.objects.filter(pk=backlog[0].pk).update(board=other, rank=1)
    assert titles(reader) == ["Search", "Export"]


def test_a_raw_username_change_shows_next(team, reader):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE auth_user SET username = %s WHERE id = %s", ["david", team.dev.user.pk])
    assert listed(reader)["Search"]["assignee"] == "david"
    assert reader.get(ITEMS, {"assignee": "dave"}).status_code == 400


def test_a_raw_insert_of_a_membership_is_an_assignee_filter_next(team, reader, backlog):
    newcomer = get_user_model().objects.create_user("nina")
    assert reader.get(ITEMS, {"assignee": "nina"}).status_code == 400
    Membership.objects.bulk_create([Membership(board=team.board, user=newcomer, role=Role.DEVELOPER)])
    assert reader.get(ITEMS, {"assignee": "nina"}).json()["count"] == 0


def test_a_sprint_renumbered_shows_next(team, reader, backlog):
    sprint = sprint_services.sprint_create(acting=team.po, goal="Export")
    sprint_services.sprint_add_items(acting=team.po, sprint=sprint, item_ids=[backlog[2].pk])
    assert listed(reader)["Export"]["sprint"] == 1
    Sprint.objects.filter(pk=sprint.pk).update(number=7)
    assert listed(reader)["Export"]["sprint"] == 7


def test_a_refused_raw_write_leaves_the_version_as_it_was(team, backlog):
    version = Board.objects.get(pk=team.board.pk).items_version
    with pytest.raises(IntegrityError), transaction.atomic():
        BacklogItem.objects.filter(pk=backlog[0].pk).update(rank=backlog[1].rank)  # one position per rank
    assert Board.objects.get(pk=team.board.pk).items_version == version


@postgres_only()
def test_a_bulk_update_raises_each_board_once_on_postgresql(team, backlog):
    other = BoardFactory(slug="hermes")
    for n in range(300):
        BacklogItemFactory(board=other if n % 2 else team.board)
    before = dict(Board.objects.values_list("slug", "items_version"))
    assert BacklogItem.objects.filter(board__in=[team.board, other]).update(ready=True) == 303
    after = dict(Board.objects.values_list("slug", "items_version"))
    assert {slug: after[slug] - before[slug] for slug in after} == {"apollo": 1, "hermes": 1}
