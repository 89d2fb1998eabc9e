"""Small explicit input and output shapes for the stand-up API. Dates are YYYY-MM-DD; times are ISO 8601."""

from rest_framework import serializers

from scrum_app.api_input import StrictInput
from scrum_app.api_versions import version_in, version_out
from standups.models import BLOCKER_LIMIT, TEXT_LIMIT, Blocker, StandupEntry
from standups.selectors import Day

_time = serializers.DateTimeField()


def _when(value: object) -> str | None:
    return _time.to_representation(value) if value else None


class EntryInput(StrictInput):
    done = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_LIMIT, default="")
    next = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_LIMIT, default="")
    blockers = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=TEXT_LIMIT,
        default="",
        trim_whitespace=False,
        help_text=f"One blocker per line (each up to {BLOCKER_LIMIT} characters); `#<id>` links a backlog item.",
    )
    version = version_in()


class EntryOut(serializers.Serializer):
    id = serializers.IntegerField()
    member = serializers.CharField()
    done = serializers.CharField(allow_blank=True)
    next = serializers.CharField(allow_blank=True)
    blockers = serializers.CharField(allow_blank=True)
    created_at = serializers.CharField()
    updated_at = serializers.CharField()
    version = version_out()


class TimeboxOut(serializers.Serializer):
    # The day's stand-up timer (timers), as this endpoint showed its timebox before timers existed: `ends_at` is
    # when it stopped, for one the Scrum Master stopped early.
    started_at = serializers.CharField()
    ends_at = serializers.CharField()
    started_by = serializers.CharField(allow_null=True)
    running = serializers.BooleanField(help_text="False once the 15 minutes have run out or it was stopped.")


class StandupOut(serializers.Serializer):
    date = serializers.DateField()
    sprint = serializers.IntegerField(help_text="The active sprint's number.")
    today = serializers.BooleanField(help_text="Entries of this day may still be written.")
    entries = EntryOut(many=True)
    not_spoken = serializers.ListField(child=serializers.CharField(), help_text="Members without an entry yet.")
    timebox = TimeboxOut(allow_null=True)


class BlockerOut(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    raised_by = serializers.CharField(allow_null=True)
    raised_at = serializers.CharField()
    item = serializers.IntegerField(allow_null=True, help_text="The linked backlog item, if the line named one.")
    state = serializers.ChoiceField(choices=["open", "resolved"])
    resolved_by = serializers.CharField(allow_null=True)
    resolved_at = serializers.CharField(allow_null=True)


def entry_output(entry: StandupEntry) -> dict:
    return {
        "id": entry.pk,
        "member": entry.member.get_username(),
        "done": entry.done,
        "next": entry.next,
        "blockers": entry.blockers,
        "created_at": _when(entry.created_at),
        "updated_at": _when(entry.updated_at),
        "version": entry.version,
    }


def day_output(day: Day, *, today: object) -> dict:
    timer = day.timer
    timebox = None
    if timer is not None:
        starter = timer.started_by
        timebox = {
            "started_at": _when(timer.started_at),
            "ends_at": _when(day.timebox_ends_at),
            "started_by": starter.get_username() if starter else None,
            "running": day.timebox_running,
        }
    return {
        "date": day.date.isoformat(),
        "sprint": day.sprint.number,
        "today": day.date == today,
        "entries": [entry_output(entry) for entry in day.entries],
        "not_spoken": day.not_spoken,
        "timebox": timebox,
    }


def blocker_output(blocker: Blocker) -> dict:
    return {
        "id": blocker.pk,
        "text": blocker.text,
        "raised_by": blocker.raised_by.get_username() if blocker.raised_by else None,
        "raised_at": _when(blocker.raised_at),
        "item": blocker.item_id,
        "state": "open" if blocker.is_open else "resolved",
        "resolved_by": blocker.resolved_by.get_username() if blocker.resolved_by else None,
        "resolved_at": _when(blocker.resolved_at),
    }
