"""The launch checklist on the admin dashboard: what is still demo content or unset.

Each item names what is left and links to where it is fixed; an item that is
done is simply not listed. The queries are a fixed handful, whatever the number
of users, pages or clinicians.
"""

import datetime
import html
import ipaddress
import re
from dataclasses import dataclass, field

from django_otp import device_classes

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from wagtail.models import Page, Site

from practice_site.content.models import (
    ClinicianPage,
    PracticeSettings,
    StandardPage,
    TeamIndexPage,
)
from practice_site.edge.site_address import configured_address, configured_root_url
from practice_site.editorial.demo_content import DEMO_PRACTICE_SETTINGS, demo_ids
from practice_site.editorial.models import LaunchConfirmation
from practice_site.editorial.roles import PUBLISHER_GROUPS
from practice_site.operations.models import BackupRecord

# Backups run nightly (docs/reliability.md); a day and a half allows for a late one.
BACKUP_MAX_AGE = datetime.timedelta(hours=36)
# Names reserved for examples and tests (RFC 2606): mail sent there reaches nobody.
EXAMPLE_DOMAINS = ("example.com", "example.org", "example.net")
EXAMPLE_TOP_LEVEL_DOMAINS = ("example", "test", "invalid", "localhost")
ADDRESS_FIELDS = ["street_address", "address_locality", "address_region", "postal_code"]


@dataclass
class Link:
    label: str
    url: str


@dataclass
class ChecklistItem:
    key: str
    title: str
    detail: str
    links: list[Link] = field(default_factory=list)
    # An admin view this item's button posts to, with the button's label.
    action_url: str = ""
    action_label: str = ""


def launch_checklist(site: Site | None = None) -> list[ChecklistItem]:
    """What is left before the default site (or `site`) can launch, in the order to do it."""
    site = site or Site.objects.select_related("root_page").get(is_default_site=True)
    practice = PracticeSettings.for_site(site)
    confirmation = LaunchConfirmation.objects.filter(site=site).first()
    settings_url = reverse(
        "wagtailsettings:edit", args=["practice_site", "practicesettings", site.pk]
    )
    items = [
        _practice_name(practice, settings_url),
        _phone(practice, settings_url),
        _address(practice, settings_url),
        _site_address(site),
        _notification_email(practice, confirmation, settings_url),
        _notices(),
        _clinicians(),
        _crisis_line(practice, confirmation, settings_url),
        _two_factor(),
        _backups(),
    ]
    return [item for item in items if item is not None]


def _is_demo_value(practice: PracticeSettings, name: str) -> bool:
    value = getattr(practice, name)
    return not value or value == DEMO_PRACTICE_SETTINGS.get(name)


def _practice_name(practice, settings_url) -> ChecklistItem | None:
    if not _is_demo_value(practice, "practice_name"):
        return None
    return ChecklistItem(
        "practice_name",
        "Practice name",
        f"Still the demo name “{practice.practice_name}”.",
        [Link("Edit the practice name", settings_url + "#tab-practice")],
    )


def _phone(practice, settings_url) -> ChecklistItem | None:
    if not _is_demo_value(practice, "phone"):
        return None
    detail = f"Still the demo number {practice.phone}." if practice.phone else "Not set."
    return ChecklistItem(
        "phone",
        "Phone number",
        detail,
        [Link("Edit the phone number", settings_url + "#tab-contact")],
    )


def _address(practice, settings_url) -> ChecklistItem | None:
    if not any(_is_demo_value(practice, name) for name in ADDRESS_FIELDS):
        return None
    return ChecklistItem(
        "address",
        "Practice address",
        "Street, city, state or ZIP code is still the demo one or empty.",
        [Link("Edit the address", settings_url + "#tab-contact")],
    )


def _is_public_https(hostname: str, port: int) -> bool:
    if port != 443 or hostname == "localhost" or "." not in hostname:
        return False
    try:
        return not ipaddress.ip_address(hostname).is_private
    except ValueError:
        return True  # A host name, not an IP address.


def _site_address(site: Site) -> ChecklistItem | None:
    links = [Link("Edit the site's address", reverse("wagtailsites:edit", args=[site.pk]))]
    try:
        configured = configured_address()
    except ValueError as error:
        return ChecklistItem("site_address", "Site address", str(error), links)
    if (site.hostname, site.port) != configured:
        return ChecklistItem(
            "site_address",
            "Site address",
            f"The site's address is {site.root_url}, but links in e-mails use "
            f"{configured_root_url()} (WAGTAILADMIN_BASE_URL). Make them the same.",
            links,
        )
    if not _is_public_https(site.hostname, site.port):
        return ChecklistItem(
            "site_address",
            "Site address",
            f"The site's address is {site.root_url}, not a public https address. Set "
            "WAGTAILADMIN_BASE_URL to the public address and run load_initial_data.",
            links,
        )
    return None


def _is_example_address(address: str) -> bool:
    domain = address.rsplit("@", 1)[-1].lower().rstrip(".")
    return domain.rsplit(".", 1)[-1] in EXAMPLE_TOP_LEVEL_DOMAINS or any(
        domain == reserved or domain.endswith("." + reserved) for reserved in EXAMPLE_DOMAINS
    )


def _notification_email(practice, confirmation, settings_url) -> ChecklistItem | None:
    recipients = practice.notification_recipients
    links = [Link("Edit the notification e-mail", settings_url + "#tab-contact_form_and_notices")]
    action = {
        "action_url": reverse("launch_checklist_test_email"),
        "action_label": "Send a test e-mail",
    }
    if not recipients:
        return ChecklistItem(
            "notification_email",
            "Notification e-mail",
            "No address is told of new inquiries.",
            links,
        )
    listed = ", ".join(recipients)
    if any(_is_example_address(address) for address in recipients):
        return ChecklistItem(
            "notification_email",
            "Notification e-mail",
            f"New inquiries are announced to a demo address: {listed}.",
            links,
            **action,
        )
    if confirmation is None or confirmation.test_email_sent_to != listed:
        return ChecklistItem(
            "notification_email",
            "Notification e-mail",
            f"Send a test e-mail to {listed} and check that it arrives.",
            links,
            **action,
        )
    return None


def _notices() -> ChecklistItem | None:
    demo_notices = list(
        StandardPage.objects.filter(pk__in=demo_ids(Page)).order_by("path").only("pk", "title")
    )
    if not demo_notices:
        return None
    return ChecklistItem(
        "notices",
        "Notices and policies",
        "Still the demo text, which the practice's counsel must review and replace:",
        [
            Link(page.title, reverse("wagtailadmin_pages:edit", args=[page.pk]))
            for page in demo_notices
        ],
    )


def _clinicians() -> ChecklistItem | None:
    clinicians = list(
        ClinicianPage.objects.annotate(
            demo=Exists(demo_ids(Page).filter(object_id=OuterRef("pk")))
        )
        .order_by("path")
        .only("pk", "title")
    )
    if not clinicians:
        team = TeamIndexPage.objects.only("pk").first()
        links = (
            [Link("Add a clinician", reverse("wagtailadmin_pages:add_subpage", args=[team.pk]))]
            if team
            else []
        )
        return ChecklistItem("clinicians", "Clinicians", "No clinician profiles yet.", links)
    demo = [clinician for clinician in clinicians if clinician.demo]
    if not demo:
        return None
    return ChecklistItem(
        "clinicians",
        "Clinicians",
        "These profiles are the demo ones: replace them with the practice's clinicians.",
        [
            Link(clinician.title, reverse("wagtailadmin_pages:edit", args=[clinician.pk]))
            for clinician in demo
        ],
    )


def _wording(rich_text: str) -> tuple[str, list[str]]:
    """What a reader gets from rich text: its words and where its links go. The editor
    may rewrite the markup on save (entities, tag order) without changing either."""
    text = " ".join(html.unescape(strip_tags(rich_text)).split())
    return text, re.findall(r'href="([^"]*)"', rich_text)


def _crisis_line(practice, confirmation, settings_url) -> ChecklistItem | None:
    if confirmation is not None and confirmation.crisis_line_checked_at:
        if _wording(confirmation.crisis_line_checked_text) == _wording(practice.crisis_message):
            return None
        detail = (
            "The crisis message has changed since it was checked: an administrator must "
            "read it again and confirm it."
        )
    else:
        detail = (
            "An administrator must read the crisis message shown on every page and confirm "
            "it gives the right numbers for the practice's area."
        )
    return ChecklistItem(
        "crisis_line",
        "Crisis line",
        detail,
        [Link("Read the crisis message", settings_url + "#tab-crisis_line")],
        action_url=reverse("launch_checklist_crisis_line_checked"),
        action_label="I have checked the crisis line",
    )


def _two_factor() -> ChecklistItem | None:
    # One query: each device model's confirmed devices as an EXISTS per user (what
    # django_otp.devices_for_user(user, confirmed=True) asks, for all users at once).
    enrolled = Q()
    for model in device_classes():
        enrolled |= Exists(model.objects.filter(user=OuterRef("pk"), confirmed=True))
    publishers = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name__in=PUBLISHER_GROUPS))
        .exclude(enrolled)
        .distinct()
        .order_by("username")
    )
    missing = list(publishers)
    if not missing:
        return None
    return ChecklistItem(
        "two_factor",
        "Two-factor sign-in",
        "These people can publish or approve but have not set up an authenticator app. Each "
        "sets it up from their account menu after signing in:",
        [
            Link(
                user.get_full_name() or user.get_username(),
                reverse("wagtailusers_users:edit", args=[user.pk]),
            )
            for user in missing
        ],
    )


def _backups() -> ChecklistItem | None:
    latest = BackupRecord.objects.order_by("-finished_at").first()
    if latest is not None and latest.finished_at >= timezone.now() - BACKUP_MAX_AGE:
        return None
    when = (
        f"The last backup finished {timezone.localtime(latest.finished_at):%Y-%m-%d %H:%M}."
        if latest
        else "No backup has been made yet."
    )
    return ChecklistItem(
        "backups",
        "Backups",
        f"{when} Schedule `manage.py backup_site` nightly on the server (see the "
        "deployment notes, docs/reliability.md).",
    )
