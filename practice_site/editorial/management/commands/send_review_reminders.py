from django.core.management.base import BaseCommand, CommandError

from practice_site.editorial.review_due import review_reminders_send


class Command(BaseCommand):
    help = (
        "E-mail the last reviewer (else the Clinical reviewers group) of each published "
        "clinical page whose medical review is due, once per page and due date. Run it daily."
    )

    def handle(self, *args, **options):
        report = review_reminders_send()
        for page in report.sent:
            self.stdout.write(f"Reminded: {page.title} (due {page.review_due}).")
        for page in report.no_recipient:
            self.stderr.write(f"No one to remind about {page.title}: add a Clinical reviewer.")
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(report.sent)} reminder(s) sent, {len(report.already_sent)} already sent."
            )
        )
        if report.failed:
            titles = ", ".join(page.title for page in report.failed)
            raise CommandError(f"Could not send the reminder for: {titles}. Run again later.")
