import calendar
import datetime

from django.db import models
from django.utils import timezone

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, Panel
from wagtail.fields import StreamField
from wagtail.models import PagePermissionTester

from practice_site.content.blocks import ReferenceBlock


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


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when that day does not exist."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


class ClinicalPagePermissionTester(PagePermissionTester):
    """Nobody publishes a clinical page with a button: it goes live when Clinical review
    approves it, or when a Site administrator publishes it without review (a separate,
    logged form). Unpublishing, unscheduling and privacy keep Wagtail's rules."""

    def can_publish(self):
        return False

    def can_unschedule(self):
        return super().can_publish()

    def can_set_view_restrictions(self):
        return super().can_publish()


class ClinicalSectionPermissionTester(PagePermissionTester):
    """In a section that holds only clinical pages, a new page cannot be published on creation
    (nor copied in live, nor aliased): it is saved as a draft and submitted for review."""

    def can_publish_subpage(self):
        return False


class ClinicalSectionMixin:
    """For index pages whose children are all clinical pages (the blog, the treatments)."""

    def permissions_for_user(self, user):
        return ClinicalSectionPermissionTester(user, self)


class ClinicalPageForm(WagtailAdminPageForm):
    """Every revision saved in the editor starts without a medical review: only an approval
    by Clinical review writes one, into the revision it approves."""

    def save(self, commit=True):
        self.instance.medical_review_clear()
        return super().save(commit=commit)


class MedicalReviewStatusPanel(Panel):
    """Read-only: who reviewed the live version and when, and what this draft still needs."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "practice_site/admin/medical_review_status_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            stored = (
                type(page).objects.filter(pk=page.pk).select_related("medical_reviewer").first()
                if page.pk
                else None
            )
            context["live_page"] = stored if stored and stored.live else None
            context["scheduled_page"] = (
                stored.get_scheduled_revision_as_object() if stored else None
            )
            return context


class MedicalReviewMixin(models.Model):
    """Who checked a page's clinical content, when, and when it is due again.

    The reviewer and date are never typed in: an approval in the "Clinical review"
    workflow writes them into the revision it approves, so the line on the live page
    belongs to the content that was reviewed (docs/editing.md, "Clinical review").
    """

    medical_reviewer = models.ForeignKey(
        "practice_site.ClinicianPage",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Set by the Clinical review approval: the approver's clinician profile.",
    )
    medical_reviewer_name = models.CharField(
        "medical reviewer name",
        max_length=255,
        blank=True,
        editable=False,
        help_text=(
            "Set by the Clinical review approval: the clinician's name and credentials, or "
            "the approver's full name when no clinician profile is linked to their account."
        ),
    )
    last_reviewed = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="Set by the Clinical review approval: the day it was approved.",
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
            [MedicalReviewStatusPanel(), FieldPanel("review_interval_months")],
            heading="Medical review",
        )
    ]
    base_form_class = ClinicalPageForm
    # A copy is new content: it has not been reviewed.
    exclude_fields_in_copy = ["medical_reviewer", "medical_reviewer_name", "last_reviewed"]

    class Meta:
        abstract = True

    def permissions_for_user(self, user):
        return ClinicalPagePermissionTester(user, self)

    @property
    def has_medical_review(self) -> bool:
        return bool(self.last_reviewed and self.medical_reviewer_name)

    def medical_review_clear(self) -> None:
        self.medical_reviewer = None
        self.medical_reviewer_name = ""
        self.last_reviewed = None

    @property
    def review_due(self) -> datetime.date:
        """When the next review is due: counted from the last review, or from first publication."""
        start = self.last_reviewed
        if start is None:
            published = self.first_published_at or timezone.now()
            start = timezone.localdate(published)
        return add_months(start, self.review_interval_months)
