from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PublishingPanel
from wagtail.models import DraftStateMixin, PreviewableMixin, RevisionMixin
from wagtail.search import index

from practice_site.content.phone import phone_href


class CallToAction(DraftStateMixin, RevisionMixin, PreviewableMixin, index.Indexed, models.Model):
    """A reusable invitation to get in touch, placed on pages and inside content."""

    class Style(models.TextChoices):
        PROMINENT = "prominent", "Prominent (colored panel)"
        QUIET = "quiet", "Quiet (outlined panel)"

    name = models.CharField(
        max_length=100,
        help_text="For staff only: how this call to action is listed in the admin.",
    )
    heading = models.CharField(
        max_length=120, help_text="A short, inviting heading, for example 'Ready to talk?'"
    )
    text = models.TextField(
        blank=True,
        help_text="One or two sentences. Make no promises about results.",
    )
    button_label = models.CharField(
        max_length=60, help_text="What the button says, for example 'Request an appointment'."
    )
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The page the button opens. Choose a page or enter a web address, not both.",
    )
    link_url = models.URLField(
        "web address",
        blank=True,
        help_text="An external address (https://...), for example an online booking system.",
    )
    phone = models.CharField(
        max_length=40,
        blank=True,
        help_text="Optional phone number shown next to the button as a call link.",
    )
    style = models.CharField(max_length=20, choices=Style.choices, default=Style.PROMINENT)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="call_to_action")

    panels = [
        FieldPanel("name"),
        FieldPanel("heading"),
        FieldPanel("text"),
        MultiFieldPanel(
            [FieldPanel("button_label"), FieldPanel("link_page"), FieldPanel("link_url")],
            heading="Button",
        ),
        FieldPanel("phone"),
        FieldPanel("style"),
        PublishingPanel(),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = "call to action"
        verbose_name_plural = "calls to action"

    def __str__(self):
        return self.name

    @property
    def revisions(self):
        return self._revisions

    def clean(self):
        super().clean()
        if bool(self.link_page_id) == bool(self.link_url):
            message = "Choose a page or enter a web address for the button (one of the two)."
            raise ValidationError({"link_page": message, "link_url": message})

    @property
    def url(self) -> str:
        if self.link_page_id and self.link_page.live:
            return self.link_page.url or ""
        return self.link_url

    @property
    def phone_href(self) -> str:
        return phone_href(self.phone)

    def get_preview_template(self, request, mode_name):
        return "practice_site/call_to_action_preview.html"
