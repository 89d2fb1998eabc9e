"""A verdict in the review notifies the item's assignee and creator (notifications), never the Product Owner."""

import pytest

from boards.models import BacklogItem
from notifications.models import Notification
from reviews import services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("verdict", "note", "said"), [("accepted", "", "Accepted"), ("rejected", "Not yet", "Rejected")]
)
def test_a_verdict_notifies_the_assignee_and_the_creator_once(team, review, items, verdict, note, said):
    BacklogItem.objects.filter(pk=items["Search"].pk).update(assignee=team.dev.user, created_by=team.sm.user)
    services.item_decide(acting=team.po, review=review, item_id=items["Search"].pk, verdict=verdict, note=note)
    found = Notification.objects.filter(kind="review")
    assert sorted(found.values_list("recipient__username", flat=True)) == ["dave", "sam"]
    assert {n.text for n in found} == {f"Search: {said}"}
    assert {n.actor for n in found} == {team.po.user}
