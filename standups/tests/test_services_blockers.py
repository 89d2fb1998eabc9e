"""Blockers raised by entries: one per non-empty line, linked to a `#<id>` item of the board, kept, added or dropped
when the entry is edited the same day; anyone on the board resolves one, once."""

import pytest

from boards.tests.factories import BacklogItemFactory
from scrum_app.errors import Conflict, InvalidInput
from standups.models import Blocker, StandupEntry
from standups.services import blocker_lines, blocker_resolve, standup_entry_save
from standups.tests.conftest import MONDAY, MONDAY_9AM


def save(member, blockers, **answers):
    answers.setdefault("done", "Worked on the login")  # an entry says something, even when its blockers go
    return standup_entry_save(acting=member, day=MONDAY, blockers=blockers, **answers)


def test_each_non_empty_line_is_one_blocker_raised_by_the_member(team, sprint):
    save(team.dev, "Waiting for the API key\n\n   \nStaging is down\nStaging is down")
    blockers = list(Blocker.objects.order_by("pk"))
    assert [b.text for b in blockers] == ["Waiting for the API key", "Staging is down"]
    assert {(b.raised_by, b.board, b.is_open) for b in blockers} == {(team.dev.user, team.board, True)}
    assert blockers[0].entry == StandupEntry.objects.get()


def test_a_hash_id_links_an_item_of_the_same_board_only(team, sprint):
    login = team.board.items.get(title="Login")
    foreign = BacklogItemFactory(title="Elsewhere")  # another board's item
    save(team.dev, f"Review of #{login.pk} pending\nLike #{foreign.pk} on the other team\nNo item #999999")
    links = dict(Blocker.objects.values_list("text", "item_id"))
    assert links == {
        f"Review of #{login.pk} pending": login.pk,
        f"Like #{foreign.pk} on the other team": None,
        "No item #999999": None,
    }


def test_editing_keeps_unchanged_lines_adds_new_ones_and_drops_removed_open_ones(team, sprint):
    save(team.dev, "Keep me\nDrop me")
    kept = Blocker.objects.get(text="Keep me")
    save(team.dev, "Keep me\nNew one")
    assert sorted(Blocker.objects.values_list("text", flat=True)) == ["Keep me", "New one"]
    assert Blocker.objects.get(text="Keep me").pk == kept.pk


def test_a_resolved_blocker_stays_when_its_line_is_removed_and_is_not_raised_again(team, sprint):
    save(team.dev, "Staging is down\nNo test data")
    blocker_resolve(acting=team.po, blocker=Blocker.objects.get(text="Staging is down"))
    save(team.dev, "Staging is down")  # the resolved line is still typed: nothing new
    save(team.dev, "")
    assert list(Blocker.objects.values_list("text", "resolved_by__username")) == [("Staging is down", "paula")]


def test_anyone_on_the_board_resolves_a_blocker_and_it_records_who_and_when(team, sprint, clock):
    save(team.dev, "Staging is down")
    blocker = blocker_resolve(acting=team.po, blocker=Blocker.objects.get())
    stored = Blocker.objects.get()
    assert (stored.resolved_by, stored.resolved_at) == (team.po.user, MONDAY_9AM)
    assert not stored.is_open
    assert blocker.pk == stored.pk


def test_resolving_a_resolved_blocker_is_409_naming_who_did(team, sprint):
    save(team.dev, "Staging is down")
    blocker = Blocker.objects.get()
    blocker_resolve(acting=team.sm, blocker=blocker)
    with pytest.raises(Conflict, match="already resolved by sam"):
        blocker_resolve(acting=team.dev, blocker=blocker)
    assert Blocker.objects.get().resolved_by == team.sm.user


def test_a_member_of_another_board_cannot_resolve_this_boards_blocker(team, sprint):
    from boards.tests.factories import MembershipFactory

    save(team.dev, "Staging is down")
    stranger = MembershipFactory()
    with pytest.raises(Blocker.DoesNotExist):
        blocker_resolve(acting=stranger, blocker=Blocker.objects.get())
    assert Blocker.objects.get().is_open


def test_an_overlong_blocker_line_is_400_naming_blockers_and_writes_nothing(team, sprint):
    with pytest.raises(InvalidInput, match="500 characters") as refused:
        save(team.dev, "x" * 501)
    assert refused.value.field == "blockers"
    assert not StandupEntry.objects.exists() and not Blocker.objects.exists()


def test_blocker_lines_squeeze_spaces_and_skip_blank_and_repeated_lines():
    assert blocker_lines("  a   b \r\n\n\ta b\nc") == ["a b", "c"]
