from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from practice_site.operations.backup import site_restore


class Command(BaseCommand):
    help = (
        "Replace the database and uploaded media with a backup made by backup_site. "
        "Everything stored since that backup is lost."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A backup folder, for example backups/backup-2026...")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, folder, yes=False, **options):
        if not yes:
            answer = input(f"Replace the database and media with {folder}? Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore canceled; nothing was changed.")
        try:
            site_restore(Path(folder))
        except (FileNotFoundError, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored from {folder}"))
