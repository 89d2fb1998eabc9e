"""Scrum Masters managing members at the same instant, on PostgreSQL: real threads, real row locks.

Each race runs ten times on a fresh board: a deadlock or a lost check shows up in some runs only.
"""

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from boards import services
from boards.models import Board, Membership, Role
from boards.tests.api_client import api_as
from boards.tests.factories import BoardFactory, MembershipFactory
from conftest import postgres_only
from scrum_app.errors import Conflict
from scrum_app.testing import all_at_once

pytestmark = [postgres_only(), pytest.mark.django_db(transaction=True)]

RUNS = 10


def each_run(race: Callable[[Board], None]) -> None:
    for run in range(RUNS):
        race(BoardFactory(slug=f"race-{run}"))


def scrum_masters(board, n):
    return [MembershipFactory(board=board, role=Role.SCRUM_MASTER) for _ in range(n)]


def scrum_master_count(board):
    return Membership.objects.filter(board=board, role=Role.SCRUM_MASTER).count()


def api_statuses(calls):
    """Run API calls at once; their status codes, sorted."""
    statuses = []
    assert all_at_once([lambda call=call: statuses.append(call().status_code) for call in calls]) == []
    return sorted(statuses)


def members_url(board, member):
    return f"/api/v1/boards/{board.slug}/members/{member.user.username}/"


@pytest.mark.parametrize("others", [0, 1], ids=["two-scrum-masters", "three-scrum-masters"])
def test_two_scrum_masters_demoting_each_other_at_once_demote_exactly_one(others):
    def race(board):
        a, b, *_ = scrum_masters(board, 2 + others)
        demote = services.member_change_role
        errors = all_at_once(
            [
                lambda: demote(acting=a, member=b, role=Role.DEVELOPER),
                lambda: demote(acting=b, member=a, role=Role.DEVELOPER),
            ]
        )
        # The later one is no longer a Scrum Master when its turn comes: refused, never a deadlock.
        assert [type(e) for e in errors] == [PermissionDenied], errors
        assert Membership.objects.filter(pk__in=[a.pk, b.pk], role=Role.DEVELOPER).count() == 1
        assert scrum_master_count(board) == 1 + others

    each_run(race)


@pytest.mark.parametrize("others", [0, 1], ids=["two-scrum-masters", "three-scrum-masters"])
def test_two_scrum_masters_removing_each_other_at_once_remove_exactly_one(others):
    def race(board):
        a, b, *_ = scrum_masters(board, 2 + others)
        errors = all_at_once(
            [
                lambda: services.member_remove(acting=a, member=b),
                lambda: services.member_remove(acting=b, member=a),
            ]
        )
        # The later one is no longer a member when its turn comes.
        assert [type(e) for e in errors] == [Http404], errors
        assert Membership.objects.filter(pk__in=[a.pk, b.pk]).count() == 1
        assert scrum_master_count(board) == 1 + others

    each_run(race)


def test_a_demotion_and_a_removal_of_each_other_at_once_keep_a_scrum_master():
    def race(board):
        a, b = scrum_masters(board, 2)
        errors = all_at_once(
            [
                lambda: services.member_change_role(acting=a, member=b, role=Role.DEVELOPER),
                lambda: services.member_remove(acting=b, member=a),
            ]
        )
        assert len(errors) == 1 and isinstance(errors[0], PermissionDenied | Http404 | Conflict), errors
        assert scrum_master_count(board) == 1

    each_run(race)


def test_the_api_answers_200_and_403_never_500_when_two_scrum_masters_demote_each_other():
    def race(board):
        a, b = scrum_masters(board, 2)
        calls = [
            lambda: api_as(a).patch(members_url(board, b), {"role": "developer"}, format="json"),
            lambda: api_as(b).patch(members_url(board, a), {"role": "developer"}, format="json"),
        ]
        assert api_statuses(calls) == [200, 403]
        assert scrum_master_count(board) == 1

    each_run(race)


def test_the_api_answers_204_and_404_never_500_when_two_scrum_masters_remove_each_other():
    def race(board):
        a, b = scrum_masters(board, 2)
        calls = [lambda: api_as(a).delete(members_url(board, b)), lambda: api_as(b).delete(members_url(board, a))]
        assert api_statuses(calls) == [204, 404]
        assert scrum_master_count(board) == 1

    each_run(race)
