"""Which clinical pages are due for their periodic medical review, and the reminders."""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from wagtail.models import Page, get_page_models

from practice_site.content.models import MedicalReviewMixin
from practice_site.editorial.models import ReviewReminder
from practice_site.editorial.roles import CLINICAL_REVIEWERS

DUE_SOON_DAYS = 30

logger = logging.getLogger(__name__)


def pages_due_for_review(today: datetime.date | None = None) -> list:
    """Live pages with a review interval whose next review is overdue or due within 30 days,
    most overdue first."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    reviewable = [model for model in _page_models() if issubclass(model, MedicalReviewMixin)]
    due = []
    for model in reviewable:
        for page in model.objects.live().select_related("medical_reviewer__user"):
            if page.review_due <= horizon:
                due.append(page)
    return sorted(due, key=lambda page: page.review_due)


def _page_models():
    return [model for model in get_page_models() if model is not Page]


@dataclass
class RemindersReport:
    sent: list = field(default_factory=list)
    already_sent: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    no_recipient: list = field(default_factory=list)


def review_reminder_recipients(page) -> list[str]:
    """The last reviewer (the account linked to the reviewing clinician's profile), else the
    Clinical reviewers group."""
    reviewer = page.medical_reviewer.user if page.medical_reviewer_id else None
    if reviewer is not None and reviewer.is_active and reviewer.email:
        return [reviewer.email]
    group_members = (
        get_user_model()
        .objects.filter(groups__name=CLINICAL_REVIEWERS, is_active=True)
        .exclude(email="")
    )
    return sorted(set(group_members.values_list("email", flat=True)))


def review_reminders_send(today: datetime.date | None = None) -> RemindersReport:
    """E-mail a reminder for each live clinical page whose review date has come, once per
    page and due date: the stored ReviewReminder row says it went out. A page whose e-mail
    fails keeps no row, so the next run tries again."""
    today = today or timezone.localdate()
    report = RemindersReport()
    for page in pages_due_for_review(today):
        due_on = page.review_due
        if due_on > today:
            continue
        if ReviewReminder.objects.filter(page=page, due_on=due_on).exists():
            report.already_sent.append(page)
            continue
        recipients = review_reminder_recipients(page)
        if not recipients:
            logger.warning("Page %s is due for review but nobody can be reminded", page.pk)
            report.no_recipient.append(page)
            continue
        try:
            with transaction.atomic():
                # The unique row is taken before sending: a second run at the same moment
                # waits on it and then finds it, so it sends nothing.
                _, created = ReviewReminder.objects.get_or_create(
                    page=page, due_on=due_on, defaults={"sent_to": "\n".join(recipients)}
                )
                if not created:
                    report.already_sent.append(page)
                    continue
                _review_reminder_mail(page, due_on, recipients)
        except Exception:
            logger.exception("Review reminder for page %s could not be sent", page.pk)
            report.failed.append(page)
        else:
            report.sent.append(page)
    return report


def _review_reminder_mail(page, due_on: datetime.date, recipients: list[str]) -> None:
    edit_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "wagtailadmin_pages:edit", args=[page.pk]
    )
    due = date_format(due_on, "F j, Y")
    last = date_format(page.last_reviewed, "F j, Y") if page.last_reviewed else "never"
    send_mail(
        subject=f"Medical review due: {page.title}",
        message=(
            f"“{page.title}” is due for its medical review on {due} "
            f"(last reviewed: {last}; reviewed every {page.review_interval_months} months).\n\n"
            "Open it, check the clinical content and references, save any changes and "
            "submit it to Clinical review; approving it records your review and sets the "
            f"next due date:\n{edit_url}\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )
