"""Small explicit input and output shapes for the timers API. Times are ISO 8601."""

from rest_framework import serializers

from scrum_app.api_input import StrictInput
from timers.guides import MAX_EXTEND_MINUTES, MAX_MINUTES
from timers.models import Ceremony, Timer

_time = serializers.DateTimeField()


def _when(value: object) -> str | None:
    return _time.to_representation(value) if value else None


class TimerStartInput(StrictInput):
    ceremony = serializers.ChoiceField(choices=Ceremony.values)
    minutes = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_MINUTES,
        help_text="The timer's length. Omitted: 15 for the stand-up, 60 for refinement, and for planning, review and "
        "retro the Scrum Guide's maxima scaled to the sprint (per week: 120, 60 and 45 minutes).",
    )


class TimerExtendInput(StrictInput):
    minutes = serializers.IntegerField(min_value=1, max_value=MAX_EXTEND_MINUTES)


class TimerOut(serializers.Serializer):
    id = serializers.IntegerField()
    ceremony = serializers.ChoiceField(choices=Ceremony.values)
    started_at = serializers.CharField()
    ends_at = serializers.CharField(help_text="When it ends, or ended, unless stopped first.")
    stopped_at = serializers.CharField(
        allow_null=True, help_text="When it stopped; a timer that ran out stopped at its `ends_at`. Null while running."
    )
    running = serializers.BooleanField()
    started_by = serializers.CharField(allow_null=True)
    sprint = serializers.IntegerField(allow_null=True, help_text="The number of the sprint the ceremony belongs to.")
    duration_seconds = serializers.IntegerField(allow_null=True, help_text="Time held; null while running.")


def timer_output(timer: Timer) -> dict:
    """A timer as the API shows it. Reads `timer.sprint` only through its id's number, loaded by the caller."""
    stopped = timer.effective_stop()
    return {
        "id": timer.pk,
        "ceremony": timer.ceremony,
        "started_at": _when(timer.started_at),
        "ends_at": _when(timer.ends_at),
        "stopped_at": _when(stopped),
        "running": stopped is None,
        "started_by": timer.started_by.get_username() if timer.started_by else None,
        "sprint": timer.sprint.number if timer.sprint_id else None,
        "duration_seconds": round((stopped - timer.started_at).total_seconds()) if stopped else None,
    }
