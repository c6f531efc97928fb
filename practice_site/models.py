from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page, Site
from wagtail.search import index

from practice_site.blocks import BaseStreamBlock
from practice_site.middleware import current_request


@register_setting(icon="site")
class PracticeSettings(BaseSiteSetting):
    """Facts about the practice, one set per Site; templates read them from here only."""

    practice_name = models.CharField(
        max_length=120,
        default="Demo Practice (replace in Settings)",
        help_text="The full name shown in the header, footer, page titles and articles.",
    )
    short_name = models.CharField(
        max_length=40,
        blank=True,
        help_text="A shorter name for tight spaces, such as the mobile header. Optional.",
    )
    tagline = models.CharField(
        max_length=160,
        blank=True,
        help_text="One line under the name, for example what the practice specialises in.",
    )
    phone = models.CharField(
        max_length=40,
        blank=True,
        help_text="Main phone number as visitors should dial it, for example (202) 555-0143.",
    )
    email = models.EmailField(
        blank=True,
        help_text="Public email address. Visitors are asked not to send health details by email.",
    )
    street_address = models.CharField(max_length=200, blank=True)
    address_locality = models.CharField("City", max_length=100, blank=True)
    address_region = models.CharField(
        "State", max_length=60, blank=True, help_text="Two-letter state code, for example NY."
    )
    postal_code = models.CharField("ZIP code", max_length=20, blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("practice_name"), FieldPanel("short_name"), FieldPanel("tagline")],
            heading="Name",
        ),
        MultiFieldPanel([FieldPanel("phone"), FieldPanel("email")], heading="Contact"),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldPanel("address_locality"),
                FieldPanel("address_region"),
                FieldPanel("postal_code"),
            ],
            heading="Address",
        ),
    ]

    class Meta:
        verbose_name = "practice settings"
        verbose_name_plural = "practice settings"

    def __str__(self):
        return self.practice_name

    @property
    def phone_href(self) -> str:
        """The phone number as a tel: link target (digits and a leading + only)."""
        digits = "".join(ch for ch in self.phone if ch.isdigit())
        if not digits:
            return ""
        if len(digits) == 10:  # A US number written without the country code.
            digits = "1" + digits
        return f"tel:+{digits}"

    @classmethod
    def current(cls) -> "PracticeSettings":
        """Settings of the site being served, or of the default site outside a request."""
        request = current_request.get()
        if request is not None:
            return cls.for_request(request)
        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        return cls.for_site(site) if site else cls()


class HomePage(Page):
    intro = models.TextField(
        blank=True,
        help_text="One or two sentences under the page heading: what the practice offers.",
    )
    body = StreamField(BaseStreamBlock(), blank=True, use_json_field=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    # Each site's root page; it lives directly under the tree root.
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["practice_site.StandardPage", "blog.BlogIndexPage"]

    class Meta:
        verbose_name = "home page"


class StandardPage(Page):
    """Any page without structured data of its own: about, notices, policies."""

    intro = models.TextField(
        blank=True, help_text="A short summary shown under the heading and in search results."
    )
    body = StreamField(BaseStreamBlock(), blank=True, use_json_field=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["practice_site.HomePage", "practice_site.StandardPage"]
    subpage_types = ["practice_site.StandardPage"]

    class Meta:
        verbose_name = "standard page"
