"""The daily digest as a background task that queues its own next run (django.tasks has no scheduler of its own;
the database queue's `run_after` is one). `manage.py send_digests --schedule` starts the chain: the worker's
entrypoint runs it at every start, and it queues nothing when a run is already waiting. A systemd timer or cron may
run `manage.py send_digests` as well: a digest never tells of a notification twice."""

import datetime as dt
import logging

from django.conf import settings
from django.tasks import task
from django.utils import timezone
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from notifications.emails import send_digests

logger = logging.getLogger(__name__)


def next_run(now: dt.datetime) -> dt.datetime:
    """The next DIGEST_HOUR o'clock (UTC) after `now`."""
    at = now.astimezone(dt.UTC).replace(hour=settings.DIGEST_HOUR, minute=0, second=0, microsecond=0)
    return at if at > now else at + dt.timedelta(days=1)


def schedule_digests() -> dt.datetime | None:
    """Queue the next daily run unless one is waiting; None when the tasks backend cannot wait (immediate)."""
    if not isinstance(daily_digests.get_backend(), DatabaseBackend):
        return None
    waiting = DBTaskResult.objects.filter(task_path=daily_digests.module_path, status="READY").first()
    if waiting is not None:
        return waiting.run_after
    when = next_run(timezone.now())
    daily_digests.using(run_after=when).enqueue()
    return when


@task
def daily_digests() -> int:
    sent = send_digests()
    logger.info("notifications: %d digests queued", sent)
    schedule_digests()
    return sent
