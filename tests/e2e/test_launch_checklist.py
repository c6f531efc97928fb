"""An administrator works through the launch checklist on the dashboard in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from django.contrib.auth import get_user_model
from django.core import mail

from practice_site.editorial.models import LaunchConfirmation

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a-long-test-password-5527"


@pytest.fixture
def admin_page(open_page):
    get_user_model().objects.create_superuser(
        username="owner", email="owner@practice.example", password=PASSWORD
    )
    page, _ = open_page()
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("owner")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    return page


def checklist(page):
    return page.locator("section.launch-checklist-panel")


def test_administrator_fixes_the_name_sends_a_test_email_and_confirms_the_crisis_line(
    admin_page, assert_accessible
):
    page = admin_page
    panel = checklist(page)
    expect(panel.get_by_role("heading", name="Launch checklist")).to_be_visible()
    for title in ("Practice name", "Notification e-mail", "Crisis line", "Backups"):
        expect(panel.get_by_role("heading", name=title, exact=True)).to_be_visible()
    assert_accessible(page)

    panel.get_by_role("link", name="Edit the practice name").click()
    page.get_by_role("textbox", name="Practice name").fill("Riverbend Mood Clinic")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Practice settings updated.")).to_be_visible()
    page.goto("/admin/")
    expect(checklist(page).get_by_role("heading", name="Practice name", exact=True)).to_have_count(
        0
    )

    checklist(page).get_by_role("button", name="Send a test e-mail").click()
    expect(page.get_by_text("Test e-mail sent to hello@example.com")).to_be_visible()
    assert [message.to for message in mail.outbox] == [["hello@example.com"]]
    assert "Riverbend Mood Clinic" in mail.outbox[0].subject

    checklist(page).get_by_role("button", name="I have checked the crisis line").click()
    expect(page.get_by_text("the crisis line is recorded as checked")).to_be_visible()
    expect(checklist(page).get_by_role("heading", name="Crisis line", exact=True)).to_have_count(0)
    assert LaunchConfirmation.objects.get().crisis_line_checked_by.username == "owner"
