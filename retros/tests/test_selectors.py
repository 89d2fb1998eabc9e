from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.tests.factories import MembershipFactory
from retros import selectors, services
from retros.tests.conftest import cast_votes


def write(team, retro, move_to, hidden=False):
    retro.hidden = hidden
    retro.save(update_fields=["hidden"])
    move_to(retro, "write")
    return [
        services.card_add(acting=team.po, retro=retro, column="pluses", text="Paula's plus"),
        services.card_add(acting=team.dev, retro=retro, column="minuses", text="Dave's secret", anonymous=True),
    ]


def shown(team_member, retro):
    return selectors.room(retro=retro, viewer=team_member.user)


def test_with_the_hidden_option_others_see_only_the_counts_while_writing(team, retro, move_to):
    write(team, retro, move_to, hidden=True)
    room = shown(team.sm, retro)
    assert [(c.key, c.count, c.cards) for c in room.columns] == [
        ("pluses", 1, []),
        ("minuses", 1, []),
        ("actions", 0, []),
    ]
    assert [c.text for c in shown(team.dev, retro).cards] == ["Dave's secret"]
    move_to(retro, "vote")
    assert [c.text for c in shown(team.sm, retro).cards] == ["Paula's plus", "Dave's secret"]


def test_without_the_hidden_option_cards_show_as_they_are_written(team, retro, move_to):
    write(team, retro, move_to)
    assert len(shown(team.sm, retro).cards) == 2


def test_an_anonymous_card_shows_no_author_but_its_author_sees_it_is_theirs(team, retro, move_to):
    write(team, retro, move_to)
    secret = shown(team.po, retro).columns[1].cards[0]
    assert (secret.author, secret.mine, secret.byline) == (None, False, "anonymous")
    own = shown(team.dev, retro).columns[1].cards[0]
    assert (own.author, own.mine, own.byline) == (None, True, "you (anonymous)")


def test_during_the_vote_a_member_sees_only_their_own_votes_then_everyone_sees_totals(team, retro, move_to):
    plus, minus = write(team, retro, move_to)
    move_to(retro, "vote")
    cast_votes(retro, (team.po, minus), (team.po, minus), (team.dev, plus))
    dev_room = shown(team.dev, retro)
    assert [(c.text, c.my_votes, c.votes) for c in dev_room.cards] == [
        ("Paula's plus", 1, None),
        ("Dave's secret", 0, None),
    ]
    assert dev_room.votes_left == 1
    assert [c.text for c in dev_room.ranked] == ["Paula's plus", "Dave's secret"]  # not sorted: it would tell
    move_to(retro, "discuss")
    ranked = shown(team.dev, retro).ranked
    assert [(c.text, c.votes) for c in ranked] == [("Dave's secret", 2), ("Paula's plus", 1)]


def test_the_room_takes_the_same_queries_for_3_or_60_cards(team, retro, move_to):
    move_to(retro, "write")

    def add(n):
        for i in range(n):
            services.card_add(acting=team.dev, retro=retro, column="pluses", text=f"Card {i}")

    add(3)
    retro.board = team.board  # as the access check leaves it
    with CaptureQueriesContext(connection) as few:
        shown(team.sm, retro)
    add(57)
    for _ in range(5):
        MembershipFactory(board=team.board)
    with CaptureQueriesContext(connection) as many:
        assert len(shown(team.sm, retro).cards) == 60
    assert len(many) == len(few)


def test_open_actions_are_the_boards_open_ones(team, retro, move_to):
    move_to(retro, "discuss")
    kept = services.action_add(acting=team.sm, retro=retro, text="Keep", owner="dave")
    done = services.action_add(acting=team.sm, retro=retro, text="Done", owner="dave")
    services.action_mark(acting=team.dev, action=done, done=True)
    assert selectors.open_actions(board=team.board) == [kept]
