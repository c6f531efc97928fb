"""The contact pipeline's background work (django-tasks): telling staff an inquiry arrived.

Run at once in development and tests; in production `manage.py db_worker` runs
them from the database queue (docs/deployment.md).
"""

import datetime
import logging

from django_tasks import default_task_backend, task

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from wagtail.contrib.forms.models import FormSubmission

# The submodule, not the package: the package is still being imported when its
# contact page imports services, which imports this module.
from practice_site.content.models.settings import PracticeSettings

logger = logging.getLogger(__name__)

# When the email server is down, try again after 1 minute, 5 minutes, 30 minutes
# and 2 hours; the inquiry itself is already safely stored.
NOTIFICATION_RETRY_DELAYS = [60, 300, 1800, 7200]


@task()
def inquiry_notification_send(submission_id: int, attempt: int = 1) -> None:
    """Tell staff that an inquiry arrived, without any of its content.

    The email carries no name, number or message: inboxes are not a safe
    place for them. Staff follow the link and sign in to read the inquiry.
    """
    submission = FormSubmission.objects.select_related("page").get(pk=submission_id)
    page = submission.page
    practice = PracticeSettings.for_site(page.get_site())
    recipients = practice.notification_recipients
    if not recipients:
        logger.warning("Inquiry %s arrived but no notification address is set", submission_id)
        return
    inquiries_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "wagtailforms:list_submissions", args=[page.pk]
    )
    try:
        send_mail(
            subject=f"New inquiry on the {practice.practice_name} website",
            message=(
                f'A new inquiry arrived through the website form "{page.title}".\n\n'
                f"Sign in to read it:\n{inquiries_url}\n\n"
                "For privacy, this email does not include what was submitted."
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=recipients,
        )
    except Exception:
        if not _notification_retry(submission_id, attempt):
            raise


def _notification_retry(submission_id: int, attempt: int) -> bool:
    """Queue the next attempt later; False when there is none left or no queue to wait in."""
    if attempt > len(NOTIFICATION_RETRY_DELAYS) or not default_task_backend.supports_defer:
        logger.error(
            "Gave up notifying staff of inquiry %s after %s attempt(s)", submission_id, attempt
        )
        return False
    delay = NOTIFICATION_RETRY_DELAYS[attempt - 1]
    logger.warning(
        "Could not notify staff of inquiry %s (attempt %s); trying again in %s s",
        submission_id,
        attempt,
        delay,
    )
    inquiry_notification_send.using(
        run_after=timezone.now() + datetime.timedelta(seconds=delay)
    ).enqueue(submission_id=submission_id, attempt=attempt + 1)
    return True
