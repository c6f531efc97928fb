from django.core.management.base import BaseCommand

from initial_content.loader import initial_content_load


class Command(BaseCommand):
    help = (
        "Create the home page, blog, practice settings, first posts and their images where "
        "they are missing. Safe to run again: what editors have saved is never changed."
    )

    def handle(self, *args, **options):
        report = initial_content_load()
        for label in report.created:
            self.stdout.write(f"created  {label}")
        for label in report.kept:
            self.stdout.write(f"kept     {label}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Initial content: {len(report.created)} created, {len(report.kept)} kept."
            )
        )
