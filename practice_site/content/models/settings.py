import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import strip_tags

from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Site

from practice_site.content import colors
from practice_site.content.blocks import LinkBlock, OpeningHoursBlock, SocialLinkBlock
from practice_site.content.brand import (
    DEFAULT_ACCENT_COLOR,
    DEFAULT_BRAND_COLOR,
    DEFAULT_TYPEFACE,
    TYPEFACE_CHOICES,
    validate_hex_color,
)
from practice_site.content.crisis_search import CRISIS_SEARCH_TERMS_DEFAULT
from practice_site.content.phone import phone_href
from practice_site.edge.crisis_line import (
    CRISIS_MESSAGE_DEFAULT,
    EMERGENCY_NUMBER,
    LIFELINE_NUMBER,
    REQUIRED_NUMBERS,
)
from practice_site.edge.error_page_contact import error_page_contact_remember
from practice_site.edge.middleware import current_request

SERVICES_DEFAULT = "\n".join(
    [
        "Psychotherapy (CBT, DBT, ACT)",
        "Medication management",
        "TMS",
        "Esketamine",
        "ECT",
    ]
)


@register_setting(icon="site")
class PracticeSettings(BaseSiteSetting):
    """Facts about the practice, one set per Site; templates read them from here only."""

    # Practice
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
        help_text="One line under the name, for example what the practice specializes in.",
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "Shown in the header beside the name (PNG, JPEG or WebP; SVG is refused). "
            "The practice name is its alt text."
        ),
    )
    logo_dark = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="logo for dark backgrounds",
        help_text="Optional: a version of the logo that reads on the dark theme's background.",
    )
    icon = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="site icon",
        help_text=(
            "A square image for browser tabs and phone home screens, at least 180 by 180 "
            "pixels. Optional: the logo is used when it is empty."
        ),
    )
    brand_color = models.CharField(
        max_length=7,
        default=DEFAULT_BRAND_COLOR,
        validators=[validate_hex_color],
        help_text=(
            "Links and buttons, as #rrggbb. It must reach 4.5:1 against white so text in it "
            "can be read; the dark theme uses a lighter tone of it worked out from this one."
        ),
    )
    accent_color = models.CharField(
        max_length=7,
        default=DEFAULT_ACCENT_COLOR,
        validators=[validate_hex_color],
        help_text=(
            "Borders and highlights, as #rrggbb, never text. It must reach 3:1 against white."
        ),
    )
    typeface = models.CharField(
        max_length=40,
        choices=TYPEFACE_CHOICES,
        default=DEFAULT_TYPEFACE,
        help_text=(
            "The typeface of every page. The fonts are served by the site itself; visitors' "
            "own system font shows any letter a typeface lacks."
        ),
    )
    accepting_new_patients = models.BooleanField(
        default=True,
        help_text="Untick when the practice cannot take new patients; the contact page says so.",
    )
    telehealth_note = models.CharField(
        max_length=250,
        blank=True,
        help_text="For example 'Telehealth available for residents of New York and New Jersey.'",
    )

    # Contact
    phone = models.CharField(
        max_length=40,
        blank=True,
        help_text="Main phone number as visitors should dial it, for example (202) 555-0143.",
    )
    text_phone = models.CharField(
        "text message number",
        max_length=40,
        blank=True,
        help_text="A number that accepts text messages, if the practice has one.",
    )
    fax = models.CharField(
        max_length=40, blank=True, help_text="For referring clinicians. Optional."
    )
    email = models.EmailField(
        blank=True,
        help_text="Public email address. Visitors are asked not to send health details by email.",
    )
    street_address = models.CharField(max_length=200, blank=True)
    address_locality = models.CharField("city", max_length=100, blank=True)
    address_region = models.CharField(
        "state", max_length=60, blank=True, help_text="Two-letter state code, for example NY."
    )
    postal_code = models.CharField("ZIP code", max_length=20, blank=True)
    map_url = models.URLField(
        "map link",
        blank=True,
        help_text="A link to the practice on a map site. Only a link: no map is embedded.",
    )
    opening_hours = StreamField(
        [("hours", OpeningHoursBlock())],
        blank=True,
        use_json_field=True,
        help_text="One row per set of days with the same hours.",
    )
    appointment_url = models.URLField(
        "appointment booking address",
        blank=True,
        help_text="An online booking system, if the practice uses one. Otherwise leave empty.",
    )
    client_portal_url = models.URLField(
        "client portal address",
        blank=True,
        help_text="Where current clients sign in to the practice's secure portal.",
    )
    social_links = StreamField(
        [("link", SocialLinkBlock())],
        blank=True,
        use_json_field=True,
        help_text="Shown as plain links in the footer; nothing is loaded from these sites.",
    )

    # Calls to action and sharing
    default_call_to_action = models.ForeignKey(
        "practice_site.CallToAction",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown at the end of every page that does not choose its own.",
    )
    default_share_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Used when a page shared on social media has no image of its own.",
    )

    # Crisis line
    crisis_message = RichTextField(
        features=["bold", "link"],
        default=CRISIS_MESSAGE_DEFAULT,
        help_text=(
            "Shown at the top of every page, above every form and on the thank-you page. "
            "It must give the 988 Lifeline and the emergency number 911."
        ),
    )
    crisis_search_terms = models.TextField(
        "search terms that show the crisis line",
        blank=True,
        default=CRISIS_SEARCH_TERMS_DEFAULT,
        help_text=(
            "One word or phrase per line. A search that contains one of them shows the "
            "crisis message above the results. Capitals, punctuation and extra spaces do "
            'not matter; only whole words match ("kill" does not match "skills").'
        ),
    )

    # Contact form
    inquiry_services = models.TextField(
        "services visitors can ask about",
        blank=True,
        default=SERVICES_DEFAULT,
        help_text="One per line. The contact form offers these, plus 'Not sure yet'.",
    )
    notification_emails = models.CharField(
        "notify these addresses",
        max_length=500,
        blank=True,
        help_text=(
            "Comma-separated staff addresses told of each new inquiry. The email says only "
            "that an inquiry arrived; staff sign in to read it. Empty: the public email above."
        ),
    )
    inquiry_retention_days = models.PositiveIntegerField(
        "keep inquiries for (days)",
        default=90,
        help_text="Inquiries older than this are deleted by the nightly clean-up.",
    )
    privacy_policy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Linked from the contact form's consent box and the footer.",
    )
    privacy_notice_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="HIPAA Notice of Privacy Practices page",
        help_text="Linked from the home page, labeled as the HIPAA notice.",
    )

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("practice_name"),
                    FieldPanel("short_name"),
                    FieldPanel("tagline"),
                    FieldPanel("accepting_new_patients"),
                    FieldPanel("telehealth_note"),
                ],
                heading="Practice",
            ),
            ObjectList(
                [
                    FieldPanel("logo"),
                    FieldPanel("logo_dark"),
                    FieldPanel("icon"),
                    FieldPanel("brand_color"),
                    FieldPanel("accent_color"),
                    FieldPanel("typeface"),
                ],
                heading="Brand",
            ),
            ObjectList(
                [
                    MultiFieldPanel(
                        [
                            FieldPanel("phone"),
                            FieldPanel("text_phone"),
                            FieldPanel("fax"),
                            FieldPanel("email"),
                        ],
                        heading="Phone and email",
                    ),
                    MultiFieldPanel(
                        [
                            FieldPanel("street_address"),
                            FieldPanel("address_locality"),
                            FieldPanel("address_region"),
                            FieldPanel("postal_code"),
                            FieldPanel("map_url"),
                        ],
                        heading="Address",
                    ),
                    FieldPanel("opening_hours"),
                    MultiFieldPanel(
                        [FieldPanel("appointment_url"), FieldPanel("client_portal_url")],
                        heading="Online services",
                    ),
                    FieldPanel("social_links"),
                ],
                heading="Contact",
            ),
            ObjectList(
                [FieldPanel("default_call_to_action"), FieldPanel("default_share_image")],
                heading="Calls to action and sharing",
            ),
            ObjectList(
                [FieldPanel("crisis_message"), FieldPanel("crisis_search_terms")],
                heading="Crisis line",
            ),
            ObjectList(
                [
                    FieldPanel("inquiry_services"),
                    FieldPanel("notification_emails"),
                    FieldPanel("inquiry_retention_days"),
                    FieldPanel("privacy_policy_page"),
                    FieldPanel("privacy_notice_page"),
                ],
                heading="Contact form and notices",
            ),
        ]
    )

    class Meta:
        verbose_name = "practice settings"
        verbose_name_plural = "practice settings"

    def __str__(self):
        return self.practice_name

    def clean(self):
        super().clean()
        errors = {}
        # Links and buttons sit on white and on the cards' light gray: the color must
        # read on both. Accents are borders, so 3:1 (WCAG 1.4.11).
        for field, needed, use in (
            ("brand_color", colors.TEXT_CONTRAST, "links and buttons"),
            ("accent_color", colors.UI_CONTRAST, "borders"),
        ):
            value = getattr(self, field)
            if not colors.HEX_COLOR.match(value or ""):
                continue  # The field's own validator reports it.
            on_white = colors.contrast_ratio(value, colors.WHITE)
            on_cards = colors.contrast_ratio(value, colors.LIGHT_SURFACE)
            if on_cards < needed:
                errors[field] = (
                    f"{value} measures {on_white:.2f}:1 against white and {on_cards:.2f}:1 on "
                    f"the cards' light gray; {use} need at least {needed:g}:1 on both. "
                    "Choose a darker color."
                )
        # Icons and the header are made from PNG renditions, which an SVG cannot give.
        for field in ("logo", "logo_dark", "icon"):
            image = getattr(self, field)
            if image is not None and image.is_svg():
                errors[field] = "Choose a PNG, JPEG or WebP image: SVG files are not used here."
        crisis_text = strip_tags(self.crisis_message or "")
        if missing := [n for n in REQUIRED_NUMBERS if not re.search(rf"\b{n}\b", crisis_text)]:
            errors["crisis_message"] = (
                f"The crisis message must give the 988 Suicide & Crisis Lifeline "
                f"({LIFELINE_NUMBER}) and the emergency number {EMERGENCY_NUMBER}. "
                f"Missing: {' and '.join(missing)}."
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        error_page_contact_remember(self)

    @property
    def icon_image(self):
        """The site icon, else the logo (its renditions crop it square); None without both."""
        return self.icon or self.logo

    @property
    def phone_href(self) -> str:
        return phone_href(self.phone)

    @property
    def text_phone_href(self) -> str:
        return phone_href(self.text_phone, scheme="sms")

    @property
    def service_choices(self) -> list[str]:
        return [line.strip() for line in self.inquiry_services.splitlines() if line.strip()]

    @property
    def notification_recipients(self) -> list[str]:
        addresses = [a.strip() for a in self.notification_emails.split(",") if a.strip()]
        return addresses or ([self.email] if self.email else [])

    @classmethod
    def current(cls) -> "PracticeSettings":
        """Settings of the site being served, or of the default site outside a request."""
        request = current_request.get()
        if request is not None:
            return cls.for_request(request)
        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        return cls.for_site(site) if site else cls()


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting):
    header_links = StreamField(
        [("link", LinkBlock())],
        blank=True,
        use_json_field=True,
        help_text="The main menu at the top of every page, in this order. Keep it short.",
    )
    footer_links = StreamField(
        [("link", LinkBlock())],
        blank=True,
        use_json_field=True,
        help_text="Links at the foot of every page: notices, policies, contact.",
    )

    panels = [FieldPanel("header_links"), FieldPanel("footer_links")]

    class Meta:
        verbose_name = "navigation"
        verbose_name_plural = "navigation"
