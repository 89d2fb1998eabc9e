"""A resolved blocker notifies whoever raised it (notifications)."""

import pytest

from notifications.models import Notification
from standups.models import Blocker
from standups.services import blocker_resolve
from standups.tests.test_services_blockers import save

pytestmark = pytest.mark.django_db


def test_resolving_a_blocker_notifies_who_raised_it(team, sprint):
    save(team.dev, "Staging is down")
    blocker_resolve(acting=team.po, blocker=Blocker.objects.get())
    [found] = Notification.objects.filter(kind="blocker_resolved")
    assert (found.recipient, found.actor, found.text) == (team.dev.user, team.po.user, "Staging is down")


def test_resolving_ones_own_blocker_notifies_nobody(team, sprint):
    save(team.dev, "Staging is down")
    blocker_resolve(acting=team.dev, blocker=Blocker.objects.get())
    assert not Notification.objects.exists()
