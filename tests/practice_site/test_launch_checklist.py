"""The launch checklist on the dashboard, as a Site administrator sees and completes it."""

import datetime

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.core import mail
from django.db import connection
from django.test import override_settings
from django.test.client import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from initial_content.loader import initial_content_load
from practice_site.content.models import (
    CallToAction,
    ClinicianPage,
    NavigationSettings,
    PracticeSettings,
    StandardPage,
)
from practice_site.edge.crisis_line import CRISIS_MESSAGE_DEFAULT
from practice_site.editorial.demo_content import is_demo
from practice_site.editorial.models import LaunchConfirmation
from practice_site.editorial.roles import AUTHORS, CLINICAL_REVIEWERS, EDITORS, SITE_ADMINISTRATORS
from practice_site.editorial.wagtail_hooks import LaunchChecklistPanel
from practice_site.operations.backup import backup_completion_record
from practice_site.operations.models import BackupRecord
from tests.factories import staff_user
from tests.html import parse

pytestmark = pytest.mark.django_db

EVERY_ITEM = [
    "practice_name",
    "phone",
    "address",
    "site_address",
    "notification_email",
    "notices",
    "clinicians",
    "crisis_line",
    "two_factor",
    "backups",
]
PUBLIC_ADDRESS = "https://www.riverbend-clinic.com"
TEST_EMAIL_URL = "/admin/launch-checklist/test-email/"
CRISIS_CHECKED_URL = "/admin/launch-checklist/crisis-line-checked/"


def checklist(client):
    """{item key: the item's element} as the dashboard shows them; None without the panel."""
    response = client.get("/admin/")
    assert response.status_code == 200
    panel = parse(response).find("section", class_="launch-checklist-panel")
    if panel is None:
        return None
    return {item["data-checklist-item"]: item for item in panel.select("[data-checklist-item]")}


def dashboard_messages(response) -> str:
    return " ".join(parse(response).select_one(".messages").get_text(" ").split())


def settings_form(practice: PracticeSettings, **changes) -> dict:
    """What the Practice settings edit form posts, with `changes` typed in."""
    values = {
        "practice_name": practice.practice_name,
        "short_name": practice.short_name,
        "tagline": practice.tagline,
        "accepting_new_patients": "on",
        "telehealth_note": practice.telehealth_note,
        "phone": practice.phone,
        "text_phone": practice.text_phone,
        "fax": practice.fax,
        "email": practice.email,
        "street_address": practice.street_address,
        "address_locality": practice.address_locality,
        "address_region": practice.address_region,
        "postal_code": practice.postal_code,
        "map_url": "",
        "appointment_url": "",
        "client_portal_url": "",
        "default_call_to_action": practice.default_call_to_action_id or "",
        "default_share_image": "",
        "logo": "",
        "logo_dark": "",
        "icon": "",
        "brand_color": practice.brand_color,
        "accent_color": practice.accent_color,
        "typeface": practice.typeface,
        "inquiry_services": practice.inquiry_services,
        "notification_emails": practice.notification_emails,
        "inquiry_retention_days": practice.inquiry_retention_days,
        "privacy_policy_page": practice.privacy_policy_page_id or "",
        "privacy_notice_page": practice.privacy_notice_page_id or "",
        **changes,
    }
    return nested_form_data(
        {
            **values,
            "opening_hours": streamfield([]),
            "social_links": streamfield([]),
            "crisis_message": rich_text(changes.get("crisis_message", CRISIS_MESSAGE_DEFAULT)),
        }
    )


def save_settings(client, site, **changes):
    practice = PracticeSettings.for_site(site)
    response = client.post(
        f"/admin/settings/practice_site/practicesettings/{site.pk}/",
        settings_form(practice, **changes),
    )
    assert response.status_code == 302, parse(response).select(".error-message")


def save_notice(client, page: StandardPage, text: str):
    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        nested_form_data(
            {
                "title": page.title,
                "slug": page.slug,
                "intro": page.intro,
                "body": streamfield([("paragraph", rich_text(f"<p>{text}</p>"))]),
                "action-publish": "publish",
            }
        ),
    )
    assert response.status_code == 302, parse(response).select(".error-message")


def save_clinician(client, page: ClinicianPage, name: str):
    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        nested_form_data(
            {
                "title": name,
                "slug": page.slug,
                "degree": page.degree,
                "job_title": page.job_title,
                "credentials": page.credentials,
                "license_type": page.license_type,
                "license_number": page.license_number,
                "license_states": page.license_states,
                "is_prescriber": "on" if page.is_prescriber else "",
                "npi": page.npi,
                "bio": rich_text("<p>The practice's own biography.</p>"),
                "languages": page.languages,
                "accepting_new_patients": "on",
                "action-publish": "publish",
            }
        ),
    )
    assert response.status_code == 302, parse(response).select(".error-message")


def test_a_fresh_site_shows_every_item(admin_client, site_content):
    items = checklist(admin_client)

    assert list(items) == EVERY_ITEM
    assert "Demo Practice (replace in Settings)" in items["practice_name"].get_text()
    assert "(202) 555-0143" in items["phone"].get_text()
    assert "http://testserver" in items["site_address"].get_text()
    assert "hello@example.com" in items["notification_email"].get_text()
    notices = [a.get_text() for a in items["notices"].find_all("a")]
    assert "Notice of Privacy Practices" in " ".join(notices)
    assert len(notices) == StandardPage.objects.count() == 7
    clinicians = [a.get_text() for a in items["clinicians"].find_all("a")]
    assert clinicians == list(
        ClinicianPage.objects.order_by("path").values_list("title", flat=True)
    )
    assert "admin" in items["two_factor"].get_text()
    assert "No backup has been made yet." in items["backups"].get_text()
    # Each item says where it is fixed.
    settings_url = f"/admin/settings/practice_site/practicesettings/{site_content.pk}/"
    assert items["practice_name"].find("a")["href"] == settings_url + "#tab-practice"
    assert items["site_address"].find("a")["href"] == f"/admin/sites/edit/{site_content.pk}/"
    assert items["crisis_line"].find("form")["action"] == CRISIS_CHECKED_URL
    assert items["notification_email"].find("form")["action"] == TEST_EMAIL_URL


def test_the_settings_tabs_the_items_link_to_exist(admin_client, site_content):
    html = admin_client.get(
        f"/admin/settings/practice_site/practicesettings/{site_content.pk}/"
    ).content.decode()

    for tab in ("tab-practice", "tab-contact", "tab-crisis_line", "tab-contact_form_and_notices"):
        assert f'id="{tab}"' in html, tab


def test_completing_each_item_removes_it(admin_client, admin_user, site_content):
    save_settings(
        admin_client,
        site_content,
        practice_name="Riverbend Mood Clinic",
        phone="(312) 555-0199",
        street_address="9 Lake Shore Drive",
        address_locality="Chicago",
        postal_code="60601",
    )
    items = checklist(admin_client)
    assert "practice_name" not in items
    assert "phone" not in items
    # The state is still the demo one.
    assert "address" in items
    save_settings(admin_client, site_content, address_region="NY")
    assert "address" not in checklist(admin_client)

    with override_settings(WAGTAILADMIN_BASE_URL=PUBLIC_ADDRESS):
        response = admin_client.post(
            f"/admin/sites/edit/{site_content.pk}/",
            {
                "hostname": "www.riverbend-clinic.com",
                "port": "443",
                "site_name": "Riverbend Mood Clinic",
                "root_page": site_content.root_page_id,
                "is_default_site": "on",
            },
        )
        assert response.status_code == 302
        items = checklist(admin_client)
        assert "site_address" not in items

        save_settings(admin_client, site_content, notification_emails="frontdesk@riverbend.org")
        assert "Send a test e-mail" in checklist(admin_client)["notification_email"].get_text()
        response = admin_client.post(TEST_EMAIL_URL, follow=True)
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["frontdesk@riverbend.org"]
        assert f"{PUBLIC_ADDRESS}/admin/" in mail.outbox[0].body
        assert "Test e-mail sent to frontdesk@riverbend.org" in dashboard_messages(response)
        assert "notification_email" not in checklist(admin_client)

        for page in StandardPage.objects.all():
            save_notice(admin_client, page, f"The practice's own {page.title}.")
        assert "notices" not in checklist(admin_client)

        for index, page in enumerate(ClinicianPage.objects.all()):
            save_clinician(admin_client, page, f"Dr. Clinician {index}")
        assert "clinicians" not in checklist(admin_client)

        response = admin_client.post(CRISIS_CHECKED_URL, follow=True)
        assert "crisis line is recorded as checked" in dashboard_messages(response)
        confirmation = LaunchConfirmation.objects.get(site=site_content)
        assert confirmation.crisis_line_checked_by == admin_user
        assert confirmation.crisis_line_checked_at is not None
        assert "crisis_line" not in checklist(admin_client)

        TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)
        assert "two_factor" not in checklist(admin_client)

        backup_completion_record("backups/backup-20261201T030000Z")
        assert checklist(admin_client) == {}
        assert (
            "Everything on the launch checklist is done."
            in admin_client.get("/admin/").content.decode()
        )


def test_the_crisis_line_is_checked_again_after_its_wording_changes(admin_client, site_content):
    admin_client.post(CRISIS_CHECKED_URL)
    assert "crisis_line" not in checklist(admin_client)

    # Saving other settings keeps the wording (the editor may rewrite its markup).
    save_settings(admin_client, site_content, phone="(312) 555-0199")
    assert "crisis_line" not in checklist(admin_client)

    new_wording = CRISIS_MESSAGE_DEFAULT.replace("go to the nearest", "go to your nearest")
    save_settings(admin_client, site_content, crisis_message=new_wording)
    item = checklist(admin_client)["crisis_line"]
    assert "has changed since it was checked" in item.get_text()


@pytest.mark.parametrize(
    "addresses",
    ["frontdesk@practice.example", "office@mail.example.org", "a@riverbend.org, b@example.com"],
)
def test_reserved_example_addresses_count_as_demo(admin_client, site_content, addresses):
    save_settings(admin_client, site_content, notification_emails=addresses)

    assert "demo address" in checklist(admin_client)["notification_email"].get_text()


def test_an_unusable_configured_address_is_named_not_a_crash(admin_client, site_content):
    with override_settings(WAGTAILADMIN_BASE_URL="www.riverbend-clinic.com"):
        item = checklist(admin_client)["site_address"]

    assert "WAGTAILADMIN_BASE_URL must be an http or https address" in item.get_text()


def test_an_old_backup_does_not_count(admin_client, site_content):
    BackupRecord.objects.create(
        finished_at=timezone.now() - datetime.timedelta(days=3), folder="backups/old"
    )

    item = checklist(admin_client)["backups"]

    assert "The last backup finished" in item.get_text()


def test_only_confirmed_devices_of_publishers_count(
    client, admin_client, admin_user, site_content
):
    editor = staff_user("editor", EDITORS, password="x" * 12)
    reviewer = staff_user("reviewer", CLINICAL_REVIEWERS, password="x" * 12)
    staff_user("author", AUTHORS, password="x" * 12)
    TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)
    TOTPDevice.objects.create(user=reviewer, name="phone", confirmed=True)
    TOTPDevice.objects.create(user=editor, name="unfinished", confirmed=False)

    names = [a.get_text() for a in checklist(admin_client)["two_factor"].find_all("a")]

    assert names == ["editor"]


def test_a_failed_test_email_says_what_failed(admin_client, site_content):
    with override_settings(EMAIL_BACKEND="tests.email_backends.FailingEmailBackend"):
        response = admin_client.post(TEST_EMAIL_URL, follow=True)

    text = dashboard_messages(response)
    assert "The test e-mail to hello@example.com could not be sent" in text
    assert "ConnectionRefusedError: SMTP server unreachable" in text
    assert "notification_email" in checklist(admin_client)
    assert not LaunchConfirmation.objects.filter(test_email_sent_at__isnull=False).exists()


def test_a_test_email_to_the_demo_address_leaves_the_item(admin_client, site_content):
    response = admin_client.post(TEST_EMAIL_URL, follow=True)

    assert [message.to for message in mail.outbox] == [["hello@example.com"]]
    assert "Test e-mail sent to hello@example.com" in dashboard_messages(response)
    assert "demo address" in checklist(admin_client)["notification_email"].get_text()


def test_the_actions_answer_only_post(admin_client, site_content):
    for url in (TEST_EMAIL_URL, CRISIS_CHECKED_URL):
        response = admin_client.get(url)
        assert response.status_code == 405
        assert response["Allow"] == "POST"
        assert "That action is not available here" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.parametrize("group", [EDITORS, CLINICAL_REVIEWERS, AUTHORS])
def test_other_staff_neither_see_the_panel_nor_use_its_actions(client, site_content, group):
    client.force_login(staff_user("staff", group, password="x" * 12))

    assert checklist(client) is None
    for url in (TEST_EMAIL_URL, CRISIS_CHECKED_URL):
        # Wagtail's answer to a refused admin view: back to the dashboard, saying why.
        response = client.post(url, follow=True)
        assert "you do not have permission" in dashboard_messages(response)
    assert mail.outbox == []
    assert not LaunchConfirmation.objects.exists()


def test_site_administrators_see_the_panel(client, site_content):
    client.force_login(staff_user("boss", SITE_ADMINISTRATORS, password="x" * 12))

    assert "practice_name" in checklist(client)


def render_panel(user) -> str:
    request = RequestFactory().get("/admin/")
    request.user = user
    return LaunchChecklistPanel(request).render_html({})


def test_the_panel_query_count_does_not_grow(admin_user, site_content):
    render_panel(admin_user)  # Content types and similar caches warm up once.
    with CaptureQueriesContext(connection) as few:
        html = render_panel(admin_user)
    assert "Two-factor sign-in" in html

    team = Page.objects.get(slug="team")
    notices_parent = site_content.root_page
    for number in range(15):
        staff_user(f"editor{number}", EDITORS, password="x" * 12)
        staff_user(f"reviewer{number}", CLINICAL_REVIEWERS, password="x" * 12)
        clinician = ClinicianPage(
            title=f"Dr. Extra {number}",
            slug=f"extra-{number}",
            degree="MD",
            job_title="Psychiatrist",
            license_type="Physician (MD)",
            license_number=f"{number}",
            license_states="NY",
            bio="<p>Bio.</p>",
        )
        team.add_child(instance=clinician)
        notices_parent.add_child(
            instance=StandardPage(title=f"Notice {number}", slug=f"n{number}")
        )
    with CaptureQueriesContext(connection) as many:
        html = render_panel(admin_user)

    assert "editor14" in html
    assert len(many) == len(few), [query["sql"] for query in many]


class TestDemoMarks:
    def test_the_initial_content_marks_what_it_creates(self, site_content):
        practice = PracticeSettings.for_site(site_content)
        assert is_demo(practice)
        assert is_demo(NavigationSettings.for_site(site_content))
        assert is_demo(CallToAction.objects.get())
        assert is_demo(site_content.root_page.specific)
        assert all(is_demo(page) for page in ClinicianPage.objects.all())
        assert all(is_demo(page) for page in Page.objects.filter(depth__gt=1))

    def test_an_editors_save_clears_the_mark_and_a_rerun_does_not_bring_it_back(
        self, admin_client, site_content
    ):
        practice = PracticeSettings.for_site(site_content)
        notice = StandardPage.objects.get(slug="good-faith-estimate")
        call_to_action = CallToAction.objects.get()

        save_settings(admin_client, site_content, practice_name="Riverbend Mood Clinic")
        save_notice(admin_client, notice, "The practice's own estimate notice.")
        response = admin_client.post(
            f"/admin/snippets/practice_site/calltoaction/edit/{call_to_action.pk}/",
            nested_form_data(
                {
                    "name": call_to_action.name,
                    "heading": "Talk with us",
                    "text": call_to_action.text,
                    "button_label": call_to_action.button_label,
                    "link_page": call_to_action.link_page_id,
                    "link_url": "",
                    "style": call_to_action.style,
                }
            ),
        )
        assert response.status_code == 302
        initial_content_load()

        assert not is_demo(practice)
        assert not is_demo(notice)
        assert not is_demo(call_to_action)
        # Untouched objects keep theirs.
        assert is_demo(StandardPage.objects.get(slug="accessibility"))
        assert is_demo(NavigationSettings.for_site(site_content))
        assert "notices" in checklist(admin_client)
        assert "Good Faith Estimate" not in checklist(admin_client)["notices"].get_text()
