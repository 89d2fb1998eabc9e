"""Input and output shapes of the notifications API (notifications.services holds the rules)."""

from rest_framework import serializers

from notifications.models import EmailChoice, NotificationKind
from scrum_app.api_input import StrictInput


class NotificationOut(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=NotificationKind.choices, read_only=True)
    board = serializers.CharField(source="board.slug", read_only=True, help_text="The board's slug.")
    item = serializers.IntegerField(
        source="item_id", read_only=True, allow_null=True, help_text="The item's id, when it is about one."
    )
    actor = serializers.CharField(
        source="actor.username", read_only=True, allow_null=True, help_text="Who did it (null: a deleted user)."
    )
    text = serializers.CharField(read_only=True, help_text="What it is about: an item's title, a board's name…")
    created_at = serializers.DateTimeField(read_only=True)
    read = serializers.SerializerMethodField()

    def get_read(self, notification: object) -> bool:
        return notification.read_at is not None


class NotificationFiltersIn(StrictInput):
    unread = serializers.BooleanField(required=False, default=False, help_text="Only the unread ones.")


class ReadAllOut(serializers.Serializer):
    read = serializers.IntegerField(read_only=True, help_text="How many were unread and are now read.")


def _choice(kind: NotificationKind) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=EmailChoice.choices, required=False, help_text=str(kind.label))


class EmailSettingsIn(StrictInput):
    """How the caller hears of each kind by e-mail; send only what changes."""

    mention = _choice(NotificationKind.MENTION)
    assigned = _choice(NotificationKind.ASSIGNED)
    status = _choice(NotificationKind.STATUS)
    comment = _choice(NotificationKind.COMMENT)
    invited = _choice(NotificationKind.INVITED)
    review = _choice(NotificationKind.REVIEW)
    retro_action = _choice(NotificationKind.RETRO_ACTION)
    blocker_resolved = _choice(NotificationKind.BLOCKER_RESOLVED)


class EmailSettingsOut(serializers.Serializer):
    mention = serializers.ChoiceField(choices=EmailChoice.choices, read_only=True)
    assigned = serializers.ChoiceField(choices=EmailChoice.choices, read_only=True)
    status = serializers.ChoiceField(choices=EmailChoice.choices, read_only=True)
    comment = serializers.ChoiceField(choices=EmailChoice.choices, read_only=True)
    invited = serializers.ChoiceField(choices=EmailChoice.choices, read_only=True)
    review = serializers.ChoiceField(choices=EmailChoice.choices, read_only=True)
    retro_action = serializers.ChoiceField(choices=EmailChoice.choices, read_only=True)
    blocker_resolved = serializers.ChoiceField(choices=EmailChoice.choices, read_only=True)
