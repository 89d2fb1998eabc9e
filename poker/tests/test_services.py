import pytest
from django.core.exceptions import PermissionDenied

from boards.models import ItemEvent
from boards.tests.factories import BacklogItemFactory, MembershipFactory
from poker import services
from poker.models import Entry, EntryState, Participant, Round, Vote
from poker.selectors import current_entry, current_round, room
from scrum_app.errors import Conflict, InvalidInput


def test_it_queues_the_unestimated_top_of_the_backlog_by_default(team, items):
    BacklogItemFactory(board=team.board, title="Estimated", points=3)
    session = services.session_start(acting=team.po)
    assert [e.title for e in session.entries.order_by("position")] == ["Login", "Search", "Export"]
    assert current_entry(session).title == "Login"
    assert current_round(session).number == 1


def test_it_queues_the_chosen_items_in_the_given_order(team, items):
    session = services.session_start(acting=team.sm, items=[items[2].pk, items[0].pk])
    assert [e.title for e in session.entries.order_by("position")] == ["Export", "Login"]


def test_a_quick_round_has_only_a_title(team):
    session = services.session_start(acting=team.sm, title="Spike: caching")
    entry = current_entry(session)
    assert (entry.title, entry.item) == ("Spike: caching", None)


def test_a_title_with_a_nul_character_is_refused_naming_it(team, session):
    with pytest.raises(InvalidInput) as started:
        services.session_start(acting=team.sm, title="Spike\x00")
    with pytest.raises(InvalidInput) as queued:
        services.quick_round_add(acting=team.sm, session=session, title="Spike\x00")
    assert (started.value.field, queued.value.field) == ("title", "title")
    assert not Entry.objects.filter(title__startswith="Spike").exists()


def test_items_past_64_bits_are_refused(team, items):
    with pytest.raises(InvalidInput) as error:
        services.session_start(acting=team.sm, items=[10**20])
    assert error.value.field == "items"


def test_a_developer_cannot_start_a_session(team, items):
    with pytest.raises(PermissionDenied, match="Only the Scrum Master or the Product Owner can start planning poker"):
        services.session_start(acting=team.dev)


def test_items_of_another_board_are_refused(team, items):
    foreign = BacklogItemFactory()
    with pytest.raises(InvalidInput) as error:
        services.session_start(acting=team.sm, items=[foreign.pk])
    assert error.value.field == "items"


def test_a_member_may_change_their_card_until_the_reveal(team, session):
    services.cast_vote(acting=team.dev, session=session, card="3")
    services.cast_vote(acting=team.dev, session=session, card="8")
    assert list(Vote.objects.values_list("card", flat=True)) == ["8"]


def test_a_card_outside_the_deck_is_refused(team, session):
    with pytest.raises(InvalidInput) as error:
        services.cast_vote(acting=team.dev, session=session, card="4")
    assert error.value.field == "card"
    assert not Vote.objects.exists()


def test_a_vote_after_the_reveal_is_a_conflict(team, session):
    services.reveal(acting=team.sm, session=session)
    with pytest.raises(Conflict):
        services.cast_vote(acting=team.dev, session=session, card="3")


def test_it_reveals_by_itself_once_every_voter_has_voted(team, session):
    for member in (team.po, team.sm):
        services.cast_vote(acting=member, session=session, card="5")
    assert not current_round(session).revealed
    services.cast_vote(acting=team.dev, session=session, card="3")
    assert current_round(session).revealed


def test_observers_and_a_non_voting_facilitator_are_not_waited_for(team, items):
    session = services.session_start(acting=team.sm, facilitator_votes=False)
    services.observe(acting=team.po, session=session, observer=True)
    with pytest.raises(Conflict):
        services.cast_vote(acting=team.po, session=session, card="5")
    with pytest.raises(Conflict):
        services.cast_vote(acting=team.sm, session=session, card="5")
    services.cast_vote(acting=team.dev, session=session, card="5")
    assert current_round(session).revealed


def test_without_auto_reveal_the_cards_wait_for_the_facilitator(team, items):
    session = services.session_start(acting=team.sm, auto_reveal=False)
    for member in (team.po, team.sm, team.dev):
        services.cast_vote(acting=member, session=session, card="5")
    assert not current_round(session).revealed


def test_a_second_reveal_changes_nothing(team, session):
    first = services.reveal(acting=team.sm, session=session).revealed_at
    second = services.reveal(acting=team.po, session=session).revealed_at
    assert first == second


def test_a_developer_cannot_reveal(team, session):
    with pytest.raises(PermissionDenied, match="Only the Scrum Master or the Product Owner can reveal the cards"):
        services.reveal(acting=team.dev, session=session)


def test_a_revote_opens_a_new_round_and_keeps_the_old_one(team, session):
    services.cast_vote(acting=team.dev, session=session, card="2")
    services.reveal(acting=team.sm, session=session)
    services.revote(acting=team.sm, session=session)
    assert list(Round.objects.values_list("number", flat=True).order_by("number")) == [1, 2]
    assert Vote.objects.filter(round__number=1).count() == 1
    services.cast_vote(acting=team.dev, session=session, card="3")
    view = room(session=session, viewer=team.sm.user)
    assert view.round.number == 2
    assert len(view.history) == 1


def test_a_revote_before_the_reveal_is_a_conflict(team, session):
    with pytest.raises(Conflict):
        services.revote(acting=team.sm, session=session)


def test_accepting_writes_the_points_with_history_and_advances(team, session, items):
    services.reveal(acting=team.sm, session=session)
    services.accept(acting=team.sm, session=session, points=5)
    items[0].refresh_from_db()
    assert items[0].points == 5
    assert ItemEvent.objects.filter(item=items[0], field="points", new_value="5").exists()
    assert current_entry(session).title == "Search"
    assert current_round(session).number == 1


def test_an_estimate_over_13_is_flagged_split_me(team, session):
    services.reveal(acting=team.sm, session=session)
    entry = services.accept(acting=team.sm, session=session, points=20)
    assert entry.split_me


def test_an_estimate_off_the_deck_is_refused(team, session, items):
    services.reveal(acting=team.sm, session=session)
    with pytest.raises(InvalidInput) as error:
        services.accept(acting=team.sm, session=session, points=4)
    assert error.value.field == "points"
    items[0].refresh_from_db()
    assert items[0].points is None
    assert current_entry(session).title == "Login"


def test_any_infinity_marks_the_entry_needs_detail(team, session):
    services.cast_vote(acting=team.dev, session=session, card="infinity")
    services.reveal(acting=team.sm, session=session)
    assert Entry.objects.get(title="Login").needs_detail


def test_next_skips_and_the_last_item_finishes_the_session(team, session):
    for _ in range(3):
        services.next_entry(acting=team.po, session=session)
    session.refresh_from_db()
    assert session.finished_at is not None
    assert set(session.entries.values_list("state", flat=True)) == {EntryState.SKIPPED}
    with pytest.raises(Conflict):
        services.cast_vote(acting=team.dev, session=session, card="3")


def test_the_queue_can_be_reordered(team, session):
    search, export = session.entries.filter(state="queued").order_by("position")
    services.queue_reorder(acting=team.sm, session=session, order=[export.pk, search.pk])
    services.next_entry(acting=team.sm, session=session)
    assert current_entry(session).title == "Export"


def test_a_reorder_must_name_every_queued_entry(team, session):
    search, _ = session.entries.filter(state="queued").order_by("position")
    with pytest.raises(InvalidInput) as error:
        services.queue_reorder(acting=team.sm, session=session, order=[search.pk])
    assert error.value.field == "order"


def test_a_quick_round_joins_the_queue(team, session):
    services.quick_round_add(acting=team.sm, session=session, title="Spike")
    assert list(session.entries.order_by("position").values_list("title", flat=True))[-1] == "Spike"


def test_cards_stay_hidden_from_others_until_the_reveal(team, session):
    services.cast_vote(acting=team.dev, session=session, card="8")
    others = room(session=session, viewer=team.sm.user)
    assert {s.username: (s.voted, s.card) for s in others.seats}["dave"] == (True, None)
    mine = room(session=session, viewer=team.dev.user)
    assert mine.my_card == "8"
    services.reveal(acting=team.sm, session=session)
    assert {s.username: s.card for s in room(session=session, viewer=team.sm.user).seats}["dave"] == "8"


def test_a_dropped_voter_keeps_their_vote_and_shows_away(team, session):
    from poker import presence

    presence.joined(team.dev.user, str(session.pk))
    services.cast_vote(acting=team.dev, session=session, card="5")
    assert {s.username: s.present for s in room(session=session, viewer=team.sm.user).seats}["dave"]
    presence.left(team.dev.user, str(session.pk))
    seat = {s.username: s for s in room(session=session, viewer=team.sm.user).seats}["dave"]
    assert (seat.present, seat.voted) == (False, True)
    assert Participant.objects.get(user=team.dev.user).connections == 0


def test_room_reads_take_the_same_queries_for_5_or_50_members(team, session, django_assert_max_num_queries):
    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            room(session=session, viewer=team.sm.user)
        return len(ctx.captured_queries)

    for _ in range(2):
        m = MembershipFactory(board=team.board)
        services.cast_vote(acting=m, session=session, card="3")
    few = count()
    for _ in range(50):
        MembershipFactory(board=team.board)
    assert count() == few
