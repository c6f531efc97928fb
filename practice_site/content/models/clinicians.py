from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from practice_site.content import structured_data
from practice_site.content.models.mixins import CallToActionMixin
from practice_site.content.models.panels import SEARCH_ENGINE_PANELS
from practice_site.content.models.relations import related_ids
from practice_site.content.models.treatments import TreatmentPage
from practice_site.content.validators import validate_npi


class TeamIndexPage(CallToActionMixin, Page):
    intro = models.TextField(blank=True, help_text="A sentence or two above the clinicians.")

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    promote_panels = [*SEARCH_ENGINE_PANELS, *CallToActionMixin.call_to_action_panels]

    parent_page_types = ["practice_site.HomePage"]
    subpage_types = ["practice_site.ClinicianPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "team index page"

    def get_clinicians(self):
        return (
            ClinicianPage.objects.child_of(self)
            .live()
            .public()
            .select_related("photo")
            .prefetch_related("photo__renditions")
        )


class ClinicianPage(CallToActionMixin, Page):
    """A clinician's profile. The page title is the clinician's full name."""

    degree = models.CharField(
        max_length=40, help_text="Degrees after the name, for example 'MD' or 'PhD, LCSW'."
    )
    job_title = models.CharField(
        max_length=120, help_text="For example 'Psychiatrist' or 'Clinical social worker'."
    )
    credentials = models.CharField(
        max_length=200,
        blank=True,
        help_text="Certifications and training, for example 'Board-certified in psychiatry'.",
    )
    license_type = models.CharField(
        "license type", max_length=80, help_text="For example 'Physician (MD)' or 'LCSW'."
    )
    license_number = models.CharField("license number", max_length=40)
    license_states = models.CharField(
        "licensed in",
        max_length=200,
        help_text="The states where this license lets them treat, for example 'NY, NJ'.",
    )
    is_prescriber = models.BooleanField(
        "prescribes medication",
        default=False,
        help_text="Prescribers must give their NPI.",
    )
    npi = models.CharField(
        "NPI",
        max_length=10,
        blank=True,
        validators=[validate_npi],
        help_text="National Provider Identifier (10 digits). Required for prescribers.",
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A portrait. Its description in the image library is the alt text.",
    )
    bio = RichTextField(features=["bold", "italic", "link", "ul"], help_text="A short biography.")
    treatments = ParentalManyToManyField(
        "practice_site.TreatmentPage",
        blank=True,
        related_name="clinicians",
        help_text="The treatments this clinician offers.",
    )
    languages = models.CharField(
        max_length=200,
        blank=True,
        help_text="Languages spoken with patients, for example 'English, Spanish'.",
    )
    accepting_new_patients = models.BooleanField(default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clinician_page",
        verbose_name="staff account",
        help_text=(
            "The clinician's admin account, if they have one: when they approve a clinical "
            "review, the page records them as its medical reviewer."
        ),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("degree"), FieldPanel("job_title"), FieldPanel("credentials")],
            heading="Name and role",
        ),
        MultiFieldPanel(
            [
                FieldPanel("license_type"),
                FieldPanel("license_number"),
                FieldPanel("license_states"),
                FieldPanel("is_prescriber"),
                FieldPanel("npi"),
            ],
            heading="License",
        ),
        FieldPanel("photo"),
        FieldPanel("bio"),
        # Checkboxes: a multiple select needs Ctrl-click, which few people know.
        FieldPanel("treatments", widget=forms.CheckboxSelectMultiple),
        FieldPanel("languages"),
        FieldPanel("accepting_new_patients"),
    ]
    settings_panels = [*Page.settings_panels, FieldPanel("user")]
    promote_panels = [*SEARCH_ENGINE_PANELS, *CallToActionMixin.call_to_action_panels]
    search_fields = [
        *Page.search_fields,
        index.SearchField("job_title"),
        index.SearchField("bio"),
        index.SearchField("languages"),
    ]

    parent_page_types = ["practice_site.TeamIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "clinician page"

    def clean(self):
        super().clean()
        errors = {}
        if self.is_prescriber and not self.npi:
            errors["npi"] = "Prescribers must give their NPI."
        if self.photo_id and not (self.photo.description or "").strip():
            errors["photo"] = "Give the photo a description (alt text) in the image library."
        if errors:
            raise ValidationError(errors)

    def live_treatments(self):
        """The live treatments chosen on this page (the edited choice, in a preview)."""
        return (
            TreatmentPage.objects.live().public().filter(pk__in=related_ids(self.treatments, "id"))
        )

    @property
    def name_with_degree(self) -> str:
        return f"{self.title}, {self.degree}" if self.degree else self.title

    @property
    def intro(self) -> str:
        """Listings, descriptions and search results read `intro` on every page type."""
        return f"{self.job_title}. Licensed in {self.license_states}."

    def structured_data(self, request, practice) -> list[dict]:
        return structured_data.clinician_page(request, self, practice)
