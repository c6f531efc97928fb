"""Break glass: remove a staff member's second factor from the server.

For a practice whose only administrator lost their authenticator app and their
recovery codes, so no one can reset it in the admin. Whoever can run commands on
the server can do this; it is logged in the account's history and the account's
owner is emailed.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from practice_site.two_factor import services


class Command(BaseCommand):
    help = (
        "Remove USERNAME's authenticator app and recovery codes, so they set up a new "
        "app at their next sign-in. Logged in the audit log; the user is emailed."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        account = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
        if account is None:
            raise CommandError(f'No account with the user name "{username}".')
        removed = services.second_factor_reset(account, by=None)
        if removed:
            self.stdout.write(
                f"Removed the second factor of {username} ({removed} device(s)). "
                "They will set up a new authenticator app the next time they sign in."
            )
        else:
            self.stdout.write(
                f"{username} had no second factor; nothing to remove (logged anyway)."
            )
