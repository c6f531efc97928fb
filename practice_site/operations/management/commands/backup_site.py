from pathlib import Path

from django.core.management.base import BaseCommand

from practice_site.operations.backup import site_backup


class Command(BaseCommand):
    help = (
        "Back up the database and uploaded media into a new folder under --to (default: backups/)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", default="backups", help="Folder to create the backup in.")

    def handle(self, *args, to, **options):
        folder = site_backup(Path(to))
        self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))
