# The stand-up's timebox becomes a ceremony timer (timers): each day's timebox is copied into a "standup" Timer of its
# board and sprint before the columns go. A timebox that has run out is recorded as stopped at its end, so at most the
# latest one, if still running, is left running (timers' "one running timer per ceremony per board").

from django.db import migrations
from django.utils import timezone


def timeboxes_to_timers(apps, schema_editor):
    Standup = apps.get_model("standups", "Standup")
    Timer = apps.get_model("timers", "Timer")
    now = timezone.now()
    running: set[int] = set()
    timers = []
    rows = Standup.objects.filter(timebox_started_at__isnull=False).order_by("-timebox_started_at")
    for standup in rows.iterator():
        still_running = standup.timebox_ends_at > now and standup.board_id not in running
        if still_running:
            running.add(standup.board_id)
        timers.append(
            Timer(
                board_id=standup.board_id,
                sprint_id=standup.sprint_id,
                ceremony="standup",
                started_at=standup.timebox_started_at,
                ends_at=standup.timebox_ends_at,
                stopped_at=None if still_running else min(standup.timebox_ends_at, now),
                started_by_id=standup.timebox_started_by_id,
            )
        )
    Timer.objects.bulk_create(timers, batch_size=500)


def timers_to_timeboxes(apps, schema_editor):
    Standup = apps.get_model("standups", "Standup")
    Timer = apps.get_model("timers", "Timer")
    for timer in Timer.objects.filter(ceremony="standup").order_by("started_at").iterator():
        day = timer.started_at.date()  # the columns held no zone; UTC is as close as a rollback can get
        Standup.objects.filter(sprint_id=timer.sprint_id, date=day).update(
            timebox_started_at=timer.started_at,
            timebox_ends_at=timer.stopped_at or timer.ends_at,
            timebox_started_by_id=timer.started_by_id,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("standups", "0002_entry_version"),
        ("timers", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(timeboxes_to_timers, timers_to_timeboxes),
        migrations.RemoveConstraint(
            model_name="standup",
            name="standup_timebox_ends_after_start",
        ),
        migrations.RemoveField(
            model_name="standup",
            name="timebox_ends_at",
        ),
        migrations.RemoveField(
            model_name="standup",
            name="timebox_started_at",
        ),
        migrations.RemoveField(
            model_name="standup",
            name="timebox_started_by",
        ),
    ]
