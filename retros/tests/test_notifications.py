"""An action agreed in the retro notifies its owner (notifications), unless they agreed it themselves."""

import pytest

from notifications.models import Notification
from retros import services

pytestmark = pytest.mark.django_db


def test_an_action_notifies_its_owner_once(team, retro, move_to):
    move_to(retro, "discuss")
    action = services.action_add(acting=team.sm, retro=retro, text="Fix CI", owner="dave")
    [found] = Notification.objects.filter(kind="retro_action")
    assert (found.recipient, found.actor, found.text, found.key) == (
        team.dev.user,
        team.sm.user,
        "Fix CI",
        f"retro_action:{action.pk}",
    )


def test_an_action_one_takes_oneself_notifies_nobody(team, retro, move_to):
    move_to(retro, "discuss")
    services.action_add(acting=team.sm, retro=retro, text="Fix CI", owner="sam")
    assert not Notification.objects.exists()
