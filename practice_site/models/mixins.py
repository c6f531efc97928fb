import calendar
import datetime

from django.db import models
from django.utils import timezone

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import StreamField


class CallToActionMixin(models.Model):
    """Lets a page choose its call to action, hide it, or inherit one from above.

    The call to action shown on a page is, in order: none if the page hides
    it; the page's own choice; the nearest ancestor's choice; the site's
    default from Practice settings.
    """

    call_to_action = models.ForeignKey(
        "practice_site.CallToAction",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "Leave empty to use the one chosen on a parent page, or the site's default "
            "from Practice settings. Pages below this one inherit your choice."
        ),
    )
    hide_call_to_action = models.BooleanField(
        default=False,
        help_text=(
            "Show no call to action at the end of this page (pages below still show theirs)."
        ),
    )

    call_to_action_panels = [
        MultiFieldPanel(
            [FieldPanel("call_to_action"), FieldPanel("hide_call_to_action")],
            heading="Call to action",
        )
    ]

    class Meta:
        abstract = True

    def get_own_or_inherited_call_to_action(self):
        """(found, call_to_action): this page's choice or its nearest ancestor's.

        found is False when neither this page nor an ancestor chose one, so the
        caller falls back to the site default; a page that hides its call to
        action gives (True, None).
        """
        if self.hide_call_to_action:
            return True, None
        if self.call_to_action_id:
            return True, self.call_to_action
        ancestors = self.get_ancestors().filter(depth__gt=1).order_by("-depth").specific()
        for ancestor in ancestors:
            if getattr(ancestor, "call_to_action_id", None):
                return True, ancestor.call_to_action
        return False, None


class ReferenceBlock(blocks.StructBlock):
    citation = blocks.CharBlock(
        max_length=400,
        help_text="Authors, title, journal or publisher, year. Cite primary sources.",
    )
    url = blocks.URLBlock(
        label="Web address", required=False, help_text="A link to the source, if it is online."
    )

    class Meta:
        icon = "doc-full"
        label = "Reference"


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when that day does not exist."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


class MedicalReviewMixin(models.Model):
    """Who checked a page's clinical content, when, and when it is due again (DOMAIN.md)."""

    medical_reviewer = models.ForeignKey(
        "practice_site.ClinicianPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Set automatically when a clinical reviewer approves the page.",
    )
    last_reviewed = models.DateField(
        null=True,
        blank=True,
        help_text="Set automatically when a clinical reviewer approves the page.",
    )
    review_interval_months = models.PositiveSmallIntegerField(
        "review every (months)",
        default=12,
        help_text="After this long the page shows up in the Review due report.",
    )
    references = StreamField(
        [("reference", ReferenceBlock())],
        blank=True,
        use_json_field=True,
        help_text="The sources the clinical statements rest on.",
    )

    medical_review_panels = [
        MultiFieldPanel(
            [
                PageChooserPanel("medical_reviewer", "practice_site.ClinicianPage"),
                FieldPanel("last_reviewed"),
                FieldPanel("review_interval_months"),
            ],
            heading="Medical review",
        )
    ]

    class Meta:
        abstract = True

    @property
    def review_due(self) -> datetime.date:
        """When the next review is due: counted from the last review, or from first publication."""
        start = self.last_reviewed
        if start is None:
            published = self.first_published_at or timezone.now()
            start = timezone.localdate(published)
        return add_months(start, self.review_interval_months)
