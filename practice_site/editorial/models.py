"""The editorial wing's tables: review reminders sent, demo content marks, launch confirmations.

Stored under the practice app's label, with the practice's other tables and its
one migration history (practice_site/content/migrations/).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from wagtail.models import Site


class DemoContent(models.Model):
    """Marks an object that `load_initial_data` created and no editor has saved since.

    One generic table rather than a field on every model: pages, settings and
    snippets are marked alike, and the content models stay as editors see them.
    Pages are keyed on Wagtail's base `Page` content type, whatever their type.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "practice_site"
        verbose_name = "demo content mark"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="demo_content_unique_object"
            )
        ]

    def __str__(self):
        return f"Demo {self.content_type.model} {self.object_id}"


class LaunchConfirmation(models.Model):
    """What an administrator confirmed on a site's launch checklist, and who did."""

    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="+")
    crisis_line_checked_at = models.DateTimeField(null=True, blank=True)
    crisis_line_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    crisis_line_checked_text = models.TextField(
        blank=True, help_text="The crisis message as it read when it was checked."
    )
    test_email_sent_at = models.DateTimeField(null=True, blank=True)
    test_email_sent_to = models.CharField(
        max_length=500, blank=True, help_text="The addresses the last test e-mail reached."
    )

    class Meta:
        app_label = "practice_site"

    def __str__(self):
        return f"Launch confirmations for {self.site}"


class ReviewReminder(models.Model):
    """A "review due" reminder that went out: one per page and due date, however often the
    reminder job runs. A new review moves the due date, so the next reminder is a new row."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    sent_to = models.TextField(help_text="The addresses the reminder went to, one a line.")

    class Meta:
        app_label = "practice_site"
        constraints = [
            models.UniqueConstraint(
                fields=["page", "due_on"], name="one_review_reminder_per_due_date"
            )
        ]

    def __str__(self):
        return f"Review reminder for page {self.page_id}, due {self.due_on}"
