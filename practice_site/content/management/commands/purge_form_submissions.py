from django.core.management.base import BaseCommand

from practice_site.content.services import inquiries_purge


class Command(BaseCommand):
    help = (
        "Delete form submissions older than each site's retention period "
        "(Practice settings > Contact form > keep inquiries for). Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report how many submissions would be deleted, and delete nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        results = inquiries_purge(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        for site, (count, days) in results.items():
            self.stdout.write(f"{verb} {count} submission(s) older than {days} days on {site}.")
        total = sum(count for count, _ in results.values())
        self.stdout.write(self.style.SUCCESS(f"{verb} {total} submission(s) in all."))
