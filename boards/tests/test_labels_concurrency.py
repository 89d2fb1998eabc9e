"""Labels added at the same time, on PostgreSQL: real threads, real row locks. A label's name is unique on its board
whatever its case: the service checks under the board's lock and the database's constraint backs it."""

import pytest

from boards.models import Label, Role
from boards.tests.api_client import api_as
from boards.tests.factories import MembershipFactory
from boards.tests.test_members_concurrency import api_statuses, each_run
from conftest import postgres_only

pytestmark = [postgres_only(), pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("names", [("UX", "UX"), ("UX", "ux")], ids=["same", "other-case"])
def test_two_members_adding_the_same_label_at_once_make_one(names):
    def race(board):
        devs = [MembershipFactory(board=board, role=Role.DEVELOPER) for _ in names]
        url = f"/api/v1/boards/{board.slug}/labels/"
        calls = [
            lambda dev=dev, name=name: api_as(dev).post(url, {"name": name}, format="json")
            for dev, name in zip(devs, names, strict=True)
        ]
        assert api_statuses(calls) == [201, 400]
        assert Label.objects.filter(board=board).count() == 1

    each_run(race)


def test_two_members_renaming_two_labels_to_one_name_at_once_rename_one():
    def race(board):
        devs = [MembershipFactory(board=board, role=Role.DEVELOPER) for _ in range(2)]
        labels = [Label.objects.create(board=board, name=name) for name in ("A", "B")]
        calls = [
            lambda dev=dev, label=label: api_as(dev).patch(
                f"/api/v1/boards/{board.slug}/labels/{label.pk}/", {"name": "Same"}, format="json"
            )
            for dev, label in zip(devs, labels, strict=True)
        ]
        assert api_statuses(calls) == [200, 400]
        assert sorted(Label.objects.filter(board=board).values_list("name", flat=True)) in (
            ["A", "Same"],
            ["B", "Same"],
        )

    each_run(race)
