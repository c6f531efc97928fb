import math

from django.db import models
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.functional import cached_property

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.forms.models import FormMixin
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from practice_site.content import structured_data
from practice_site.content.blocks import BaseStreamBlock
from practice_site.content.contact_limits import contact_attempt_wait, contact_inquiry_wait
from practice_site.content.forms import ContactForm
from practice_site.content.inquiry_export import InquirySubmissionsListView
from practice_site.content.models.clinicians import ClinicianPage, TeamIndexPage
from practice_site.content.models.mixins import CallToActionMixin
from practice_site.content.models.panels import SEARCH_ENGINE_PANELS
from practice_site.content.models.settings import PracticeSettings
from practice_site.content.models.treatments import TreatmentIndexPage
from practice_site.content.services import inquiry_store


class HomePage(CallToActionMixin, Page):
    hero_heading = models.CharField(
        max_length=120,
        blank=True,
        help_text=(
            "The page's main heading: who the practice helps, in a few words. "
            "The page title is used when it is empty."
        ),
    )
    intro = models.TextField(
        "the practice's promise",
        blank=True,
        help_text="One or two sentences under the page heading: what the practice offers.",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "Shown beside the heading as decoration, not described to screen readers: "
            "choose one that carries no information."
        ),
    )
    hero_secondary_label = models.CharField(
        "second button's label",
        max_length=60,
        blank=True,
        default="Explore treatments",
        help_text="Beside the booking button, for visitors not ready to book.",
    )
    hero_secondary_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="second button's page",
        help_text="Where the second button leads. Leave empty to hide it.",
    )
    body = StreamField(BaseStreamBlock(), blank=True, use_json_field=True)
    treatments_heading = models.CharField(
        max_length=120,
        blank=True,
        default="Treatments we offer",
        help_text="Heading of the treatments section. Leave empty to hide the section.",
    )
    clinicians_heading = models.CharField(
        max_length=120,
        blank=True,
        default="Our clinicians",
        help_text="Heading of the clinicians section. Leave empty to hide the section.",
    )
    posts_heading = models.CharField(
        max_length=120,
        blank=True,
        default="Latest from the blog",
        help_text="Heading of the latest posts section. Leave empty to hide the section.",
    )
    contact_heading = models.CharField(
        max_length=120,
        blank=True,
        default="Get in touch",
        help_text="Heading of the contact details section. Leave empty to hide the section.",
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("intro"),
                FieldPanel("hero_image"),
                FieldPanel("hero_secondary_label"),
                FieldPanel("hero_secondary_page"),
            ],
            heading="First screen",
            help_text=(
                "The booking button comes from Settings → Practice (the booking link, or the "
                "default call to action); 'accepting new patients' and telehealth too."
            ),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("treatments_heading"),
                FieldPanel("clinicians_heading"),
                FieldPanel("posts_heading"),
                FieldPanel("contact_heading"),
            ],
            heading="Sections",
            help_text=(
                "The sections list the live pages under Treatments and Team, and the newest "
                "posts, in the order they have in the page tree."
            ),
        ),
    ]
    promote_panels = [*SEARCH_ENGINE_PANELS, *CallToActionMixin.call_to_action_panels]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    # Each site's root page; it lives directly under the tree root.
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "practice_site.StandardPage",
        "practice_site.ContactPage",
        "practice_site.TreatmentIndexPage",
        "practice_site.TeamIndexPage",
        "blog.BlogIndexPage",
    ]

    class Meta:
        verbose_name = "home page"

    # The home page's sections, looked up when the template asks for them: a
    # visit whose content comes from the fragment cache needs none of them.

    @cached_property
    def treatment_index(self):
        return TreatmentIndexPage.objects.child_of(self).live().first()

    @cached_property
    def treatments(self):
        return self.treatment_index.get_treatments() if self.treatment_index else []

    @cached_property
    def team_index(self):
        return TeamIndexPage.objects.child_of(self).live().first()

    @cached_property
    def clinicians(self):
        return self.team_index.get_clinicians() if self.team_index else []

    def structured_data(self, request, practice) -> list[dict]:
        clinicians = ClinicianPage.objects.descendant_of(self).live().public()
        return structured_data.home_page(request, self, practice, clinicians)


class StandardPage(CallToActionMixin, Page):
    """Any page without structured data of its own: about, notices, policies."""

    intro = models.TextField(
        blank=True, help_text="A short summary shown under the heading and in search results."
    )
    body = StreamField(BaseStreamBlock(), blank=True, use_json_field=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    promote_panels = [*SEARCH_ENGINE_PANELS, *CallToActionMixin.call_to_action_panels]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["practice_site.HomePage", "practice_site.StandardPage"]
    subpage_types = ["practice_site.StandardPage"]

    class Meta:
        verbose_name = "standard page"


class ContactPage(RoutablePageMixin, FormMixin, Page):
    """The contact / appointment-request form.

    The fields are fixed in code (ContactForm), not built by editors, so the
    form can never be turned into one that collects health details.
    Submissions are stored as Wagtail form submissions, which only staff with
    the forms permission can read.
    """

    intro = RichTextField(
        features=["bold", "italic", "link"],
        blank=True,
        help_text="Shown above the form: what happens after someone gets in touch.",
    )
    thank_you_text = RichTextField(
        features=["bold", "italic", "link"],
        blank=True,
        help_text="Shown after sending: the next steps, for example when to expect a reply.",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("thank_you_text")]
    promote_panels = SEARCH_ENGINE_PANELS
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["practice_site.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = "contact page"

    # FormMixin hooks: a fixed form instead of editor-built fields.
    def get_form_fields(self):
        return []

    def get_form_class(self):
        return ContactForm

    def get_form_parameters(self):
        return {"services": PracticeSettings.current().service_choices}

    def get_data_fields(self):
        return [("submit_time", "Submission date"), *ContactForm.stored_fields()]

    def get_submissions_list_view_class(self):
        return InquirySubmissionsListView

    def process_form_submission(self, form):
        return inquiry_store(page=self, data=form.stored_data())

    @path("")
    def contact_form(self, request):
        if request.method == "POST":
            return self.handle_post(request)
        return self.render_form(request, self.get_form(page=self, user=request.user))

    def handle_post(self, request):
        """Store a valid inquiry; anything refused comes back with what was typed still in it."""
        form = self.get_form(request.POST, page=self, user=request.user)
        wait = contact_attempt_wait(request)
        if wait is not None:
            return self.render_rate_limited(request, form, wait, too_many="attempts")
        if not form.is_valid():
            return self.render_form(request, form, status=400)
        wait = contact_inquiry_wait(request)
        if wait is not None:
            return self.render_rate_limited(request, form, wait, too_many="inquiries")
        self.process_form_submission(form)
        # Redirect after a POST, so reloading the thank-you page sends nothing twice.
        return HttpResponseRedirect(self.url + self.reverse_subpage("thank_you"))

    def render_form(self, request, form, status=200, template=None, extra_context=None):
        context = self.get_context(request)
        context["form"] = form
        context.update(extra_context or {})
        return TemplateResponse(
            request, template or self.get_template(request), context, status=status
        )

    def render_rate_limited(self, request, form, wait_seconds: int, too_many: str):
        # The form as it was typed, without errors: the reason is the limit, and the
        # page says so. Unbound, so it also carries a fresh timestamp for later.
        refilled = self.get_form(initial=form.typed_data(), page=self, user=request.user)
        response = self.render_form(
            request,
            refilled,
            status=429,
            template="practice_site/contact_page_rate_limited.html",
            extra_context={
                "too_many": too_many,
                "wait_minutes": math.ceil(wait_seconds / 60),
            },
        )
        response["Retry-After"] = str(wait_seconds)
        return response

    # Preview either view: RoutablePageMixin's own preview would always show the form.
    preview_modes = FormMixin.preview_modes

    def serve_preview(self, request, mode_name):
        if mode_name == "landing":
            return self.thank_you(request)
        return self.render_form(request, self.get_form(page=self, user=request.user))

    @path("thank-you/", name="thank_you")
    def thank_you(self, request):
        return TemplateResponse(
            request, self.get_landing_page_template(request), self.get_context(request)
        )
