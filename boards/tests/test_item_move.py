import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, connections
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from boards import ranking, services
from boards.models import BacklogItem
from boards.tests.conftest import titles
from boards.tests.factories import BacklogItemFactory, BoardFactory
from boards.tests.test_api_items import many_items
from conftest import postgres_only
from scrum_app.errors import InvalidInput


def test_it_moves_an_item_before_another(team, backlog):
    a, b, c, d, e = backlog
    services.item_move(acting=team.po, item_id=e.pk, before=b.pk)
    assert titles(team.board) == list("AEBCD")


def test_it_moves_an_item_after_another(team, backlog):
    a, b, c, d, e = backlog
    services.item_move(acting=team.sm, item_id=a.pk, after=c.pk)
    assert titles(team.board) == list("BCADE")


def test_it_moves_to_top_and_bottom(team, backlog):
    a, b, c, d, e = backlog
    services.item_move(acting=team.po, item_id=d.pk, position="top")
    services.item_move(acting=team.po, item_id=b.pk, position="bottom")
    assert titles(team.board) == list("DACEB")


def test_it_writes_one_row_in_at_most_five_queries(team):
    items = [BacklogItemFactory(board=team.board) for _ in range(40)]
    before = dict(BacklogItem.objects.values_list("pk", "rank"))
    with CaptureQueriesContext(connection) as ctx:
        services.item_move(acting=team.po, item_id=items[-1].pk, before=items[3].pk)
    statements = [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) <= 5, statements
    after = dict(BacklogItem.objects.values_list("pk", "rank"))
    assert [pk for pk in before if before[pk] != after[pk]] == [items[-1].pk]


def test_it_renumbers_when_a_gap_is_used_up_and_keeps_the_order(team, backlog):
    a, b, c, d, e = backlog
    # Keep dropping the last item straight after A: the gap halves each time until it is gone.
    expected = list("ABCDE")
    for _ in range(40):
        last = BacklogItem.objects.filter(board=team.board).order_by("-rank").first()
        services.item_move(acting=team.po, item_id=last.pk, after=a.pk)
        expected = [expected[0], expected[-1], *expected[1:-1]]
        assert titles(team.board) == expected
    ranks = list(BacklogItem.objects.filter(board=team.board).order_by("rank").values_list("rank", flat=True))
    assert len(set(ranks)) == 5


def test_it_refuses_an_anchor_from_another_board(team, backlog):
    foreign = BacklogItemFactory(board=BoardFactory())
    with pytest.raises(InvalidInput) as error:
        services.item_move(acting=team.po, item_id=backlog[0].pk, before=foreign.pk)
    assert error.value.field == "before"
    assert titles(team.board) == list("ABCDE")


def test_it_refuses_moving_an_item_of_another_board(team, backlog):
    foreign = BacklogItemFactory(board=BoardFactory())
    with pytest.raises(Http404):
        services.item_move(acting=team.po, item_id=foreign.pk, position="top")


def test_it_lets_only_the_po_and_sm_reorder(team, backlog):
    with pytest.raises(PermissionDenied, match="Product Owner or the Scrum Master"):
        services.item_move(acting=team.dev, item_id=backlog[1].pk, position="top")
    assert titles(team.board) == list("ABCDE")


def test_it_needs_exactly_one_target(team, backlog):
    with pytest.raises(InvalidInput):
        services.item_move(acting=team.po, item_id=backlog[1].pk)
    with pytest.raises(InvalidInput):
        services.item_move(acting=team.po, item_id=backlog[1].pk, position="top", before=backlog[0].pk)
    with pytest.raises(InvalidInput):
        services.item_move(acting=team.po, item_id=backlog[1].pk, position="middle")


@postgres_only()
@pytest.mark.django_db(transaction=True)
def test_it_keeps_every_position_when_people_move_at_the_same_moment(team):
    items = [BacklogItemFactory(board=team.board, title=f"I{n:02}") for n in range(30)]
    barrier = threading.Barrier(12)
    errors = []

    def move(n):
        try:
            barrier.wait()
            target = items[(n * 7) % 30]
            mover = items[(n * 11 + 3) % 30]
            if target.pk != mover.pk:
                services.item_move(acting=team.po, item_id=mover.pk, after=target.pk)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=move, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    ranks = list(BacklogItem.objects.filter(board=team.board).values_list("rank", flat=True))
    assert len(ranks) == 30
    assert len(set(ranks)) == 30


def test_new_items_go_to_the_bottom(team, backlog):
    item = services.item_create(board=team.board, actor=team.dev.user, title="F")
    assert titles(team.board)[-1] == "F"
    assert item.rank == backlog[-1].rank + ranking.STEP


def _moves_into_one_gap(team, board_size: int, moves: int) -> list[int]:
    """Drop `moves` items, one after another, straight after the same item, in a backlog of `board_size`; the number
    of items whose rank each move changed."""
    items = many_items(team.board, board_size)
    anchor = items[board_size // 2]
    expected = [item.pk for item in items]
    written = []
    for n in range(moves):
        mover = items[n * 2 % board_size] if items[n * 2 % board_size] != anchor else items[-1]
        before = dict(BacklogItem.objects.filter(board=team.board).values_list("pk", "rank"))
        services.item_move(acting=team.po, item_id=mover.pk, after=anchor.pk)
        after = dict(BacklogItem.objects.filter(board=team.board).values_list("pk", "rank"))
        written.append(sum(1 for pk in before if before[pk] != after[pk]))
        expected.remove(mover.pk)
        expected.insert(expected.index(anchor.pk) + 1, mover.pk)
        assert list(BacklogItem.objects.filter(board=team.board).order_by("rank").values_list("pk", flat=True)) == (
            expected
        )
    return written


@pytest.mark.parametrize("board_size", [30, 300])
def test_a_hundred_moves_into_one_gap_rewrite_a_few_rows_whatever_the_board_size(team, board_size):
    written = _moves_into_one_gap(team, board_size, 100)
    # Most moves write the moved row alone; about one in twenty also re-spaces a handful of neighbours.
    assert written.count(1) >= 90
    assert max(written) <= 17
    assert sum(written) <= 2 * 100
