from django.core.management.base import BaseCommand

from initial_content.loader import staff_roles_setup


class Command(BaseCommand):
    help = (
        "Create the staff groups (Authors, Clinical reviewers, Editors, Site administrators) "
        "and the Clinical review workflow where missing. Run by load_initial_data; safe to repeat."
    )

    def handle(self, *args, **options):
        groups = staff_roles_setup()
        self.stdout.write(self.style.SUCCESS(f"Staff roles ready: {', '.join(groups)}."))
