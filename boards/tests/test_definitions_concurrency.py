"""Ticks and definitions changed at the same time, on PostgreSQL: real threads, real row locks. Every write takes the
board's lock first (boards.locks), and one tick per item and criterion is a constraint. Each race runs ten times."""

import pytest

from boards import services
from boards.models import BacklogItem, Criterion, CriterionCheck, Role, Status
from boards.services.definitions import definitions_add_defaults
from boards.tests.api_client import api_as
from boards.tests.factories import BacklogItemFactory, MembershipFactory
from boards.tests.test_members_concurrency import api_statuses, each_run
from conftest import postgres_only

pytestmark = [postgres_only(), pytest.mark.django_db(transaction=True)]


def scene(board):
    definitions_add_defaults(board=board)
    po = MembershipFactory(board=board, role=Role.PRODUCT_OWNER)
    devs = [MembershipFactory(board=board, role=Role.DEVELOPER) for _ in range(2)]
    item = BacklogItemFactory(board=board, status=Status.PO_REVIEW)
    ready = list(Criterion.objects.filter(board=board, kind="ready").order_by("position"))
    done = list(Criterion.objects.filter(board=board, kind="done").order_by("position"))
    return po, devs, item, ready, done


def check_url(board, item):
    return f"/api/v1/boards/{board.slug}/items/{item.pk}/checks/"


def test_two_members_ticking_the_last_ready_criteria_at_once_make_the_item_ready():
    def race(board):
        _po, devs, item, ready, _done = scene(board)
        services.check_set(acting=devs[0], item_id=item.pk, criterion_id=ready[0].pk, met=True)
        calls = [
            lambda dev=dev, criterion=criterion: api_as(dev).post(
                check_url(board, item), {"criterion": criterion.pk, "met": True}, format="json"
            )
            for dev, criterion in zip(devs, ready[1:], strict=True)
        ]
        assert api_statuses(calls) == [200, 200]
        assert BacklogItem.objects.get(pk=item.pk).ready

    each_run(race)


def test_two_members_ticking_the_same_criterion_at_once_leave_one_tick():
    def race(board):
        _po, devs, item, _ready, done = scene(board)
        calls = [
            lambda dev=dev: api_as(dev).post(
                check_url(board, item), {"criterion": done[0].pk, "met": True}, format="json"
            )
            for dev in devs
        ]
        assert api_statuses(calls) == [200, 200]
        assert CriterionCheck.objects.filter(item=item, criterion=done[0]).count() == 1

    each_run(race)


def test_a_tick_racing_the_deletion_of_its_criterion_leaves_no_tick_and_ready_right():
    def race(board):
        po, devs, item, ready, _done = scene(board)
        for criterion in ready[:2]:
            services.check_set(acting=devs[0], item_id=item.pk, criterion_id=criterion.pk, met=True)
        body = {"ready": [{"id": c.pk, "text": c.text} for c in ready[:2]], "done": []}
        calls = [
            lambda: api_as(devs[1]).post(
                check_url(board, item), {"criterion": ready[2].pk, "met": True}, format="json"
            ),
            lambda: api_as(po).put(f"/api/v1/boards/{board.slug}/definitions/", body, format="json"),
        ]
        # The tick first (then deleted with its criterion), or the deletion first (the tick finds no criterion).
        assert api_statuses(calls) in ([200, 200], [200, 404])
        assert not CriterionCheck.objects.filter(criterion_id=ready[2].pk).exists()
        assert BacklogItem.objects.get(pk=item.pk).ready  # the two criteria left are both ticked

    each_run(race)


def test_a_move_to_done_racing_an_untick_never_lands_done_without_its_definition():
    def race(board):
        _po, devs, item, _ready, done = scene(board)
        for criterion in done:
            services.check_set(acting=devs[0], item_id=item.pk, criterion_id=criterion.pk, met=True)
        calls = [
            lambda: api_as(devs[0]).patch(
                f"/api/v1/boards/{board.slug}/items/{item.pk}/", {"status": "done"}, format="json"
            ),
            lambda: api_as(devs[1]).post(
                check_url(board, item), {"criterion": done[1].pk, "met": False}, format="json"
            ),
        ]
        statuses = api_statuses(calls)
        status = BacklogItem.objects.get(pk=item.pk).status
        # The move first (Done, then unticked), or the untick first (the move refused, 409).
        assert (statuses, status) in (([200, 200], Status.DONE), ([200, 409], Status.PO_REVIEW))
        assert not CriterionCheck.objects.filter(item=item, criterion=done[1]).exists()

    each_run(race)
