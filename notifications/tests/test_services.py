"""notifications.services: one notification per person and key, never to the actor nor to outsiders; watches."""

import pytest
from django.core import mail
from django.http import Http404

from boards.models import Membership
from boards.tests.factories import BacklogItemFactory, UserFactory
from notifications import services
from notifications.models import EmailChoice, EmailPreference, Notification, NotificationKind, Watch
from notifications.selectors import notification_of, notifications_of, unread_count
from scrum_app.errors import InvalidInput

pytestmark = pytest.mark.django_db


def assigned(team, *recipients, actor=None, key="assigned:1:v1", item=None):
    services.notify(
        kind=NotificationKind.ASSIGNED,
        recipients=recipients,
        actor=actor or team.sm.user,
        board_id=team.board.pk,
        item_id=item.pk if item else None,
        text="Fix the login",
        key=key,
    )


def test_it_notifies_a_member_once_per_key_however_often_the_action_is_retried(
    team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assigned(team, team.dev.user)
        assigned(team, team.dev.user)
    [notification] = Notification.objects.all()
    assert (notification.recipient, notification.actor, notification.text) == (
        team.dev.user,
        team.sm.user,
        "Fix the login",
    )
    assert len(mail.outbox) == 1  # assignments are e-mailed at once by default


def test_it_never_notifies_the_actor_of_their_own_action(team):
    assigned(team, team.sm.user, team.dev.user, actor=team.sm.user)
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["dave"]


def test_it_never_notifies_someone_outside_the_board(team):
    assigned(team, team.outsider)
    assert not Notification.objects.exists()


def test_it_notifies_the_person_invited_though_not_a_member_yet(team):
    services.notify(
        kind=NotificationKind.INVITED,
        recipients=[team.outsider],
        actor=team.sm.user,
        board_id=team.board.pk,
        text="Apollo",
        key="invited:7",
    )
    assert [n.kind for n in notifications_of(user=team.outsider)] == ["invited"]


def test_a_new_key_is_a_new_notification(team):
    assigned(team, team.dev.user, key="assigned:1:v1")
    assigned(team, team.dev.user, key="assigned:1:v3")
    assert Notification.objects.count() == 2


def test_it_refuses_an_unknown_kind(team):
    with pytest.raises(ValueError, match="unknown notification kind"):
        services.notify(kind="gossip", recipients=[], actor=None, board_id=team.board.pk, text="x", key="k")


def test_a_member_who_left_no_longer_sees_the_boards_notifications(team):
    assigned(team, team.dev.user)
    [notification] = Notification.objects.all()
    Membership.objects.filter(pk=team.dev.pk).delete()
    assert list(notifications_of(user=team.dev.user)) == []
    assert unread_count(user=team.dev.user) == 0
    with pytest.raises(Http404):
        notification_of(user=team.dev.user, notification_id=notification.pk)


def test_nobody_reads_someone_elses_notification(team):
    assigned(team, team.dev.user)
    [notification] = Notification.objects.all()
    with pytest.raises(Http404):
        notification_of(user=team.po.user, notification_id=notification.pk)


def test_reading_one_and_all_lowers_the_unread_count(team):
    assigned(team, team.dev.user, key="a")
    assigned(team, team.dev.user, key="b")
    assigned(team, team.dev.user, key="c")
    first = Notification.objects.first()
    services.notification_read(notification=first)
    assert unread_count(user=team.dev.user) == 2
    assert services.notifications_read_all(user=team.dev.user) == 2
    assert unread_count(user=team.dev.user) == 0


def test_watchers_hear_of_a_watched_items_change_but_not_the_actor_nor_who_left(team):
    item = BacklogItemFactory(board=team.board)
    for user in (team.po.user, team.sm.user, team.dev.user):
        services.watch(user=user, item_id=item.pk)
    services.watch(user=team.dev.user, item_id=item.pk)  # twice is once
    Membership.objects.filter(pk=team.po.pk).delete()
    services.notify_watchers(
        kind=NotificationKind.STATUS, item_id=item.pk, board_id=team.board.pk, actor=team.sm.user, text="x", key="s:1"
    )
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["dave"]
    assert Watch.objects.filter(user=team.dev.user).count() == 1


def test_unwatching_stops_the_news(team):
    item = BacklogItemFactory(board=team.board)
    services.watch(user=team.dev.user, item_id=item.pk)
    services.unwatch(user=team.dev.user, item_id=item.pk)
    services.notify_watchers(
        kind=NotificationKind.STATUS, item_id=item.pk, board_id=team.board.pk, actor=team.sm.user, text="x", key="s:1"
    )
    assert not Notification.objects.exists()


def test_email_choices_default_to_at_once_for_what_asks_to_act_and_a_digest_for_the_rest(team):
    choices = services.email_choices_of(user=team.dev.user)
    assert {k for k, v in choices.items() if v == "immediately"} == {"mention", "assigned", "invited"}
    assert {k for k, v in choices.items() if v == "digest"} == {
        "status",
        "comment",
        "review",
        "retro_action",
        "blocker_resolved",
    }


def test_a_person_chooses_per_kind_and_a_bad_choice_names_its_field(team, django_capture_on_commit_callbacks):
    services.email_choices_set(user=team.dev.user, choices={"assigned": "never"})
    with django_capture_on_commit_callbacks(execute=True):
        assigned(team, team.dev.user)
    assert mail.outbox == []
    with pytest.raises(InvalidInput) as refused:
        services.email_choices_set(user=team.dev.user, choices={"status": "hourly"})
    assert refused.value.field == "status"
    with pytest.raises(InvalidInput) as refused:
        services.email_choices_set(user=team.dev.user, choices={"gossip": "never"})
    assert refused.value.field == "gossip"
    assert EmailPreference.objects.get(user=team.dev.user).choice == EmailChoice.NEVER


def test_only_the_person_may_follow_their_live_topic(team):
    assert services.may_follow_user(team.dev.user, str(team.dev.user.pk))
    assert not services.may_follow_user(team.sm.user, str(team.dev.user.pk))
    stranger = UserFactory()
    assert not services.may_follow_user(stranger, "not-a-number")
