"""Races on PostgreSQL: real threads, real row locks."""

import pytest

from boards.tests.factories import BacklogItemFactory, MembershipFactory
from conftest import postgres_only
from poker import services
from poker.models import Entry, Round, Vote
from poker.selectors import room
from scrum_app.errors import InvalidInput
from scrum_app.testing import all_at_once

pytestmark = [postgres_only(), pytest.mark.django_db(transaction=True)]


def test_thirty_members_voting_in_the_same_second_store_thirty_votes(team):
    BacklogItemFactory(board=team.board, title="Login")
    session = services.session_start(acting=team.sm, auto_reveal=False)
    members = [MembershipFactory(board=team.board) for _ in range(30)]
    # Each member plays twice at once (two tabs): still one vote each.
    calls = [
        (lambda m=m, card=card: services.cast_vote(acting=m, session=session, card=card))
        for m in members
        for card in ("3", "5")
    ]
    assert all_at_once(calls) == []
    assert Vote.objects.count() == 30
    assert Vote.objects.values("voter").distinct().count() == 30
    for viewer in (team.dev.user, members[0].user):
        assert room(session=session, viewer=viewer).voted_count == 30


def test_the_last_votes_arriving_together_reveal_exactly_once(team):
    BacklogItemFactory(board=team.board, title="Login")
    session = services.session_start(acting=team.sm)
    members = [team.po, team.sm, team.dev] + [MembershipFactory(board=team.board) for _ in range(10)]
    assert all_at_once([lambda m=m: services.cast_vote(acting=m, session=session, card="5") for m in members]) == []
    only = Round.objects.get()
    assert only.revealed
    assert Vote.objects.count() == 13


def test_two_reveals_clicked_at_once_reveal_once(team):
    BacklogItemFactory(board=team.board, title="Login")
    session = services.session_start(acting=team.sm, auto_reveal=False)
    services.cast_vote(acting=team.dev, session=session, card="8")
    revealed_at = []

    def reveal(member):
        revealed_at.append(services.reveal(acting=member, session=session).revealed_at)

    assert all_at_once([lambda: reveal(team.sm), lambda: reveal(team.po)]) == []
    assert len(set(revealed_at)) == 1
    assert Round.objects.get().revealed_at == revealed_at[0]


def test_votes_racing_a_reveal_are_either_counted_or_refused(team):
    BacklogItemFactory(board=team.board, title="Login")
    session = services.session_start(acting=team.sm, auto_reveal=False)
    members = [MembershipFactory(board=team.board) for _ in range(10)]
    calls = [lambda m=m: services.cast_vote(acting=m, session=session, card="3") for m in members]
    calls.append(lambda: services.reveal(acting=team.sm, session=session))
    errors = all_at_once(calls)
    round_ = Round.objects.get()
    late = Vote.objects.filter(at__gt=round_.revealed_at).count()
    assert late == 0
    assert Vote.objects.count() + len(errors) == 10


def test_accepting_an_estimate_while_its_item_is_deleted_never_deadlocks(team):
    from boards import services as board_services
    from poker.selectors import current_entry

    for attempt in range(5):
        item = BacklogItemFactory(board=team.board, title=f"Doomed {attempt}")
        session = services.session_start(acting=team.sm, items=[item.pk], auto_reveal=False)
        services.cast_vote(acting=team.dev, session=session, card="5")
        services.reveal(acting=team.sm, session=session)
        entry = current_entry(session)
        errors = all_at_once(
            [
                lambda s=session: services.accept(acting=team.sm, session=s, points=5),
                lambda i=item: board_services.item_delete(acting=team.po, item=i),
            ]
        )
        assert errors == [], errors  # a deadlock is an OperationalError here
        entry.refresh_from_db()
        assert (entry.state, entry.points, entry.item_id) == ("accepted", 5, None)


def test_a_session_started_on_an_item_deleted_at_the_same_time_never_fails(team):
    from boards import services as board_services

    for attempt in range(10):
        item = BacklogItemFactory(board=team.board, title=f"Doomed {attempt}")
        item_id = item.pk
        errors = all_at_once(
            [
                lambda i=item: services.session_start(acting=team.sm, items=[i.pk]),
                lambda i=item: board_services.item_delete(acting=team.po, item=i),
            ]
        )
        # Started first: the entry loses its item with the deletion. Deleted first: "no item on this board" (400).
        # Never an entry pointing at the deleted row, an IntegrityError at commit (a 500).
        assert all(isinstance(e, InvalidInput) and e.field == "items" for e in errors), errors
        assert not Entry.objects.filter(item_id=item_id).exists()
