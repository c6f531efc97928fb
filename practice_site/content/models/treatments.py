from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from practice_site.content import structured_data
from practice_site.content.blocks import FaqBlock, StepBlock
from practice_site.content.models.mixins import (
    CallToActionMixin,
    ClinicalSectionMixin,
    MedicalReviewMixin,
)
from practice_site.content.models.panels import SEARCH_ENGINE_PANELS
from practice_site.content.structured_data import TreatmentSchemaType

PLAIN_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class RegulatoryStatus(models.TextChoices):
    FDA_APPROVED_DRUG = "fda_approved_drug", "FDA-approved drug"
    FDA_CLEARED_DEVICE = "fda_cleared_device", "FDA-cleared device"
    OFF_LABEL = "off_label", "Off-label use"
    NOT_APPLICABLE = "not_applicable", "Not a drug or device"


# What each status means, in plain language, next to the badge (docs/domain.md wording).
REGULATORY_EXPLANATIONS = {
    RegulatoryStatus.FDA_APPROVED_DRUG: (
        "The U.S. Food and Drug Administration (FDA) has approved this medicine for this use, "
        "after reviewing evidence that it is safe and effective."
    ),
    RegulatoryStatus.FDA_CLEARED_DEVICE: (
        "The device used for this treatment is FDA-cleared: the FDA has allowed it to be "
        "marketed for this use. Clearance is the FDA's process for devices; it is not the "
        "same as a drug approval."
    ),
    RegulatoryStatus.OFF_LABEL: (
        "This is an off-label use: the medicine is FDA-approved for other purposes, and "
        "clinicians may prescribe it for this one based on their judgment and the evidence. "
        "Ask us what is known and not yet known."
    ),
    RegulatoryStatus.NOT_APPLICABLE: (
        "This treatment is not a drug or device, so FDA approval or clearance does not apply. "
        "It is delivered by licensed clinicians."
    ),
}


class TreatmentIndexPage(ClinicalSectionMixin, CallToActionMixin, Page):
    intro = models.TextField(
        blank=True, help_text="A sentence or two above the list of treatments."
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    promote_panels = [*SEARCH_ENGINE_PANELS, *CallToActionMixin.call_to_action_panels]

    parent_page_types = ["practice_site.HomePage"]
    subpage_types = ["practice_site.TreatmentPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "treatments index page"

    def get_treatments(self):
        # With their images and renditions: a listing's queries do not grow with its cards.
        return (
            TreatmentPage.objects.child_of(self)
            .live()
            .public()
            .select_related("image")
            .prefetch_related("image__renditions")
        )


class TreatmentPage(MedicalReviewMixin, CallToActionMixin, Page):
    summary = models.TextField(
        help_text="Two or three plain sentences: what the treatment is. Shown on listings too."
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "Shown on the page and its card as decoration, not described to screen readers: "
            "choose one that carries no information."
        ),
    )
    who_it_may_help = RichTextField(
        "who it may help",
        features=PLAIN_FEATURES,
        help_text="Who might consider it. Say 'may help'; never promise results.",
    )
    what_to_expect = StreamField(
        [("step", StepBlock())],
        blank=True,
        use_json_field=True,
        help_text="The steps of a course of treatment, in order.",
    )
    regulatory_status = models.CharField(
        max_length=30,
        choices=RegulatoryStatus.choices,
        help_text=(
            "Drugs are 'FDA-approved'; devices such as TMS are 'FDA-cleared'; a drug used for "
            "another purpose than its approval is 'off-label'."
        ),
    )
    regulatory_note = models.CharField(
        max_length=250,
        blank=True,
        help_text="Specifics, for example 'Esketamine (Spravato) was approved for TRD in 2019.'",
    )
    safety_notes = RichTextField(
        features=PLAIN_FEATURES,
        blank=True,
        help_text="Side effects and safety rules, for example esketamine's REMS monitoring.",
    )
    insurance_notes = RichTextField(
        features=PLAIN_FEATURES,
        blank=True,
        help_text="Coverage and prior authorization, in general terms.",
    )
    faq = StreamField(
        [("question", FaqBlock())],
        blank=True,
        use_json_field=True,
        verbose_name="frequently asked questions",
    )
    related_posts_tag = models.CharField(
        max_length=100,
        blank=True,
        help_text="Blog posts with this tag are listed on the page, for example 'TMS'.",
    )
    schema_type = models.CharField(
        "kind of treatment (for search engines)",
        max_length=30,
        choices=TreatmentSchemaType.choices,
        default=TreatmentSchemaType.MEDICAL_THERAPY,
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("who_it_may_help"),
        FieldPanel("what_to_expect"),
        MultiFieldPanel(
            [FieldPanel("regulatory_status"), FieldPanel("regulatory_note")],
            heading="Regulatory status",
        ),
        FieldPanel("safety_notes"),
        FieldPanel("insurance_notes"),
        FieldPanel("faq"),
        FieldPanel("references"),
        FieldPanel("related_posts_tag"),
    ]
    promote_panels = [
        *SEARCH_ENGINE_PANELS,
        FieldPanel("schema_type"),
        *MedicalReviewMixin.medical_review_panels,
        *CallToActionMixin.call_to_action_panels,
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("who_it_may_help"),
        index.SearchField("safety_notes"),
        index.SearchField("faq"),
    ]

    parent_page_types = ["practice_site.TreatmentIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "treatment page"

    @property
    def intro(self) -> str:
        """Listings, descriptions and search results read `intro` on every page type."""
        return self.summary

    def live_clinicians(self):
        """The live clinicians who offer it (the other side of ClinicianPage.treatments)."""
        # Clinicians choose their treatments on their own pages, so a new
        # treatment page (a preview before the first save) has none yet.
        if not self.pk:
            return []
        return self.clinicians.live().public()

    @property
    def regulatory_explanation(self) -> str:
        # A preview may show a new page before a status is chosen.
        if not self.regulatory_status:
            return ""
        return REGULATORY_EXPLANATIONS[RegulatoryStatus(self.regulatory_status)]

    def structured_data(self, request, practice) -> list[dict]:
        return structured_data.treatment_page(request, self, practice)
