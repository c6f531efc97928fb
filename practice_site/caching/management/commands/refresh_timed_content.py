from django.core.management.base import BaseCommand

from practice_site.caching.invalidation import timed_changes_refresh


class Command(BaseCommand):
    help = (
        "Refresh the caches (content version and front cache) if content that starts or "
        "stops showing at a time of its own has done so since the last run. The "
        "scheduler runs it every minute."
    )

    def handle(self, *args, **options):
        if timed_changes_refresh():
            self.stdout.write("Timed content changed: caches refreshed.")
        else:
            self.stdout.write("No timed content changed.")
