"""Writes that take more than one step."""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Site

# The submodule, not the package: the package is still being imported when its
# contact page imports this module.
from practice_site.content.models.settings import PracticeSettings
from practice_site.content.tasks import inquiry_notification_send

logger = logging.getLogger(__name__)


def inquiry_store(*, page, data: dict) -> FormSubmission:
    """Store a contact-form inquiry, then notify staff once it is safely saved.

    The notification is queued only after the transaction commits, and a
    failure to queue or send it is logged, never raised: the visitor's
    inquiry is kept whatever happens to the email.
    """
    with transaction.atomic():
        submission = FormSubmission.objects.create(page=page, form_data=data)

    def notify():
        try:
            inquiry_notification_send.enqueue(submission_id=submission.pk)
        except Exception:
            logger.exception("Could not queue the notification for inquiry %s", submission.pk)

    transaction.on_commit(notify)
    return submission


def inquiries_purge(*, dry_run: bool = False, now=None) -> dict:
    """Delete form submissions older than their site's retention period.

    Returns {site: (deleted count, retention days)}. Each site's Practice
    settings set its own period, so one install can host practices with
    different policies.
    """
    now = now or timezone.now()
    results = {}
    for site in Site.objects.select_related("root_page"):
        days = PracticeSettings.for_site(site).inquiry_retention_days
        old = FormSubmission.objects.filter(
            page__path__startswith=site.root_page.path,
            submit_time__lt=now - datetime.timedelta(days=days),
        )
        count = old.count() if dry_run else old.delete()[0]
        results[site] = (count, days)
    return results
