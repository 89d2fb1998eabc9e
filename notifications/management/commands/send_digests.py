"""`manage.py send_digests`: queue today's notification digests now (a cron job or the systemd timer runs it daily).
`--schedule`: instead make sure the worker's own daily run is queued (the worker's entrypoint does at start)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from notifications.emails import send_digests
from notifications.tasks import schedule_digests


class Command(BaseCommand):
    help = "Queue the daily notification digests (or, with --schedule, the worker's next daily run)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--schedule", action="store_true", help="Queue the next daily run in the tasks queue.")

    def handle(self, *args: Any, schedule: bool = False, **options: Any) -> None:
        if schedule:
            when = schedule_digests()
            if when is None:
                self.stdout.write("The tasks backend runs tasks at once: run send_digests daily from cron instead.")
            else:
                self.stdout.write(f"Next daily digests: {when.isoformat()}")
            return
        self.stdout.write(f"{send_digests()} digests queued.")
