from django.db import models
from django.utils import timezone


class ReviewReminder(models.Model):
    """A "review due" reminder that went out: one per page and due date, however often the
    reminder job runs. A new review moves the due date, so the next reminder is a new row."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    sent_to = models.TextField(help_text="The addresses the reminder went to, one a line.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page", "due_on"], name="one_review_reminder_per_due_date"
            )
        ]

    def __str__(self):
        return f"Review reminder for page {self.page_id}, due {self.due_on}"
