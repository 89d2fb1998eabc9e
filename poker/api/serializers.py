"""Small explicit input and output shapes for the poker API. Cards are strings: "1" … "100", "coffee", "infinity",
"?"; no card value appears before the reveal except the caller's own (`my_card`)."""

from rest_framework import serializers

from poker.models import Entry, PokerSession
from poker.selectors import Room
from scrum_app.api_input import StrictInput


class StartInput(StrictInput):
    items = serializers.ListField(child=serializers.IntegerField(), required=False, max_length=100)
    title = serializers.CharField(required=False, allow_blank=True, max_length=200)
    facilitator_votes = serializers.BooleanField(required=False, default=True)
    auto_reveal = serializers.BooleanField(required=False, default=True)
    countdown_seconds = serializers.IntegerField(required=False, allow_null=True, min_value=5, max_value=3600)


class VoteInput(StrictInput):
    card = serializers.CharField(max_length=10, trim_whitespace=False)


class AcceptInput(StrictInput):
    points = serializers.IntegerField()


class QuickRoundInput(StrictInput):
    title = serializers.CharField(max_length=200)


class EntryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    item = serializers.IntegerField(source="item_id", allow_null=True)
    state = serializers.CharField()
    points = serializers.IntegerField(allow_null=True)
    needs_detail = serializers.BooleanField()
    split_me = serializers.BooleanField()


class SessionOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    facilitator = serializers.CharField(allow_null=True)
    created_at = serializers.CharField()
    finished = serializers.BooleanField()
    results = EntryOutput(many=True)


class ItemRefOut(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="The backlog item; null for a quick round.")
    title = serializers.CharField()
    entry = serializers.IntegerField(help_text="The queue entry.")


class VoterOut(serializers.Serializer):
    username = serializers.CharField()
    voted = serializers.BooleanField()
    away = serializers.BooleanField()
    card = serializers.CharField(
        required=False, allow_null=True, help_text="Only once revealed; null for a voter who played no card."
    )


class CardOut(serializers.Serializer):
    username = serializers.CharField()
    card = serializers.CharField()


class StatsOut(serializers.Serializer):
    distribution = serializers.DictField(child=serializers.IntegerField())
    min = serializers.IntegerField(allow_null=True)
    max = serializers.IntegerField(allow_null=True)
    median = serializers.FloatField(allow_null=True)
    average = serializers.FloatField(allow_null=True)
    suggestion = serializers.IntegerField(allow_null=True)
    explain = serializers.CharField(allow_blank=True)
    needs_detail = serializers.BooleanField()


class RoomOut(serializers.Serializer):
    """The current round: the item, the voters with `voted`, cards only once `revealed`."""

    id = serializers.IntegerField()
    title = serializers.CharField(allow_blank=True)
    finished = serializers.BooleanField()
    item = ItemRefOut(allow_null=True)
    round = serializers.IntegerField(allow_null=True)
    revealed = serializers.BooleanField()
    ends_at = serializers.CharField(allow_null=True, help_text="The countdown's end, when the session has one.")
    voters = VoterOut(many=True)
    observers = serializers.ListField(child=serializers.CharField())
    my_card = serializers.CharField(allow_null=True, help_text="Your own card in this round.")
    cards = CardOut(many=True, allow_null=True)
    stats = StatsOut(allow_null=True)
    queue = EntryOutput(many=True)
    done = EntryOutput(many=True)


def session_summary(session: PokerSession) -> dict:
    entries = list(session.entries.all())
    return {
        "id": session.pk,
        "title": session.title,
        "facilitator": session.facilitator.get_username() if session.facilitator else None,
        "created_at": serializers.DateTimeField().to_representation(session.created_at),
        "finished": session.finished_at is not None,
        "results": EntryOutput(entries, many=True).data,
    }


def _entry_ref(entry: Entry | None) -> dict | None:
    if entry is None:
        return None
    return {"id": entry.item_id, "title": entry.title, "entry": entry.pk}


def room_output(room: Room) -> dict:
    revealed = room.revealed
    outcome = room.outcome
    return {
        "id": room.session.pk,
        "title": room.session.title,
        "finished": room.finished,
        "item": _entry_ref(room.entry),
        "round": room.round.number if room.round else None,
        "revealed": revealed,
        "ends_at": serializers.DateTimeField().to_representation(room.ends_at) if room.ends_at else None,
        "voters": [
            {"username": seat.username, "voted": seat.voted, "away": not seat.present, "card": seat.card}
            if revealed
            else {"username": seat.username, "voted": seat.voted, "away": not seat.present}
            for seat in room.seats
        ],
        "observers": room.observers,
        "my_card": room.my_card,
        "cards": [{"username": s.username, "card": s.card} for s in room.seats if s.voted] if revealed else None,
        "stats": (
            {
                "distribution": dict(outcome.distribution),
                "min": outcome.minimum,
                "max": outcome.maximum,
                "median": outcome.median,
                "average": outcome.average,
                "suggestion": outcome.suggestion,
                "explain": outcome.explain,
                "needs_detail": outcome.needs_detail,
            }
            if outcome
            else None
        ),
        "queue": EntryOutput(room.queue, many=True).data,
        "done": EntryOutput(room.done, many=True).data,
    }
