"""Writes that take more than one step."""

import logging

from django.db import transaction

from wagtail.contrib.forms.models import FormSubmission

logger = logging.getLogger(__name__)


def inquiry_store(*, page, data: dict) -> FormSubmission:
    """Store a contact-form inquiry, then notify staff once it is safely saved.

    The notification is queued only after the transaction commits, and a
    failure to queue or send it is logged, never raised: the visitor's
    inquiry is kept whatever happens to the email.
    """
    from practice_site.tasks import inquiry_notification_send

    with transaction.atomic():
        submission = FormSubmission.objects.create(page=page, form_data=data)

    def notify():
        try:
            inquiry_notification_send.enqueue(submission_id=submission.pk)
        except Exception:
            logger.exception("Could not queue the notification for inquiry %s", submission.pk)

    transaction.on_commit(notify)
    return submission
