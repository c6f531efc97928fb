import signal
import threading

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from practice_site.operations.scheduler import scheduler_run

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class Command(BaseCommand):
    help = (
        "Queue the scheduled jobs (practice_site/operations/scheduled_jobs.py) at their times for "
        "the task worker. Start one per site; a second one stands by and takes over if "
        "the first stops. Runs until SIGTERM or Ctrl-C."
    )

    def handle(self, *args, **options):
        stop = threading.Event()
        previous = {number: signal.getsignal(number) for number in STOP_SIGNALS}
        for number in STOP_SIGNALS:
            signal.signal(number, lambda *_: stop.set())
        try:
            scheduler_run(stop)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)
