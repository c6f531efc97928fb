import signal
import threading

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from practice_site.scheduler import scheduler_run


class Command(BaseCommand):
    help = (
        "Queue the scheduled jobs (practice_site/scheduled_jobs.py) at their times for "
        "the task worker. Start one per site; a second one stands by and takes over if "
        "the first stops. Runs until SIGTERM or Ctrl-C."
    )

    def handle(self, *args, **options):
        stop = threading.Event()
        for signal_number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signal_number, lambda *_: stop.set())
        try:
            scheduler_run(stop)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
