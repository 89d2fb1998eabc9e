"""Races on PostgreSQL: real threads, real row locks."""

import pytest

from boards.models import BacklogItem
from conftest import postgres_only
from reviews import services
from reviews.models import ReviewItem
from scrum_app.testing import all_at_once

pytestmark = [postgres_only(), pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("verdicts", [("accepted", "rejected"), ("accepted", "accepted")])
def test_two_tabs_of_the_product_owner_deciding_one_item_at_once_give_one_verdict(team, review, items, verdicts):
    search = items["Search"]
    calls = [
        lambda verdict=verdict: services.item_decide(
            acting=team.po, review=review, item_id=search.pk, verdict=verdict, note="Tab"
        )
        for verdict in verdicts
    ]
    errors = all_at_once(calls)
    assert len(errors) == 1
    assert getattr(errors[0], "status_code", None) == 409 and "already" in str(errors[0])
    row = ReviewItem.objects.get(review=review, item=search)
    expected = {"accepted": "done", "rejected": "in_progress"}[row.verdict]
    assert BacklogItem.objects.get(pk=search.pk).status == expected


def test_a_decision_on_an_item_that_joined_the_sprint_late_is_made_once(team, sprint, review):
    from boards.tests.factories import BacklogItemFactory
    from sprints.services import sprint_add_items

    late = BacklogItemFactory(board=team.board, title="Late")
    sprint_add_items(acting=team.sm, sprint=sprint, item_ids=[late.pk])
    BacklogItem.objects.filter(pk=late.pk).update(status="po_review")
    calls = [lambda: services.item_decide(acting=team.po, review=review, item_id=late.pk, verdict="accepted")] * 2
    errors = all_at_once(calls)
    assert len(errors) == 1 and errors[0].status_code == 409
    assert ReviewItem.objects.filter(review=review, item=late).count() == 1
