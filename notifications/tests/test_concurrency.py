"""The same action notified from parallel requests, on PostgreSQL: one notification and one e-mail."""

import pytest
from django.core import mail

from boards.tests.factories import BoardFactory, MembershipFactory
from conftest import postgres_only
from notifications import services
from notifications.models import Notification
from scrum_app.testing import all_at_once

pytestmark = [postgres_only(), pytest.mark.django_db(transaction=True)]


def test_parallel_retries_of_one_action_make_one_notification_and_one_email():
    for run in range(5):
        board = BoardFactory(slug=f"race-{run}")
        actor, dev = MembershipFactory(board=board).user, MembershipFactory(board=board).user
        mail.outbox = []

        def notify(board=board, actor=actor, dev=dev):
            services.notify(
                kind="assigned", recipients=[dev], actor=actor, board_id=board.pk, text="Race", key="assigned:9:v2"
            )

        assert all_at_once([notify] * 4) == []
        assert Notification.objects.filter(recipient=dev).count() == 1
        assert len(mail.outbox) == 1
