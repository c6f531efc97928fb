"""Editor forms in Chromium: authors filled in from clinician profiles, days as checkboxes."""

import re

import pytest
from playwright.sync_api import expect

from blog.models import BlogIndexPage, BlogPage
from practice_site.content.models import PracticeSettings
from practice_site.editorial.roles import EDITORS, SITE_ADMINISTRATORS
from tests.factories import staff_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

STAFF_PASSWORD = "a-long-test-password-9281"


def sign_in(page, username):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_choosing_the_clinician_fills_in_the_authors_empty_fields(open_page, without_autosave):
    staff_user("editor", EDITORS, password=STAFF_PASSWORD)
    blog = BlogIndexPage.objects.get()
    page, log = open_page()
    sign_in(page, "editor")

    page.goto(f"/admin/pages/add/blog/blogpage/{blog.pk}/")
    page.get_by_role("button", name="Add Author").click()
    name = page.locator("#id_authors-0-name")
    credentials = page.locator("#id_authors-0-credentials")
    chooser = page.locator("#id_authors-0-profile_page-chooser")
    # The chooser opens on the team page, listing the clinicians.
    modal = page.locator(".modal-dialog")

    chooser.get_by_role("button", name="Choose a page (Clinician page)").click()
    modal.get_by_role("link", name="Demo Therapist").click()
    expect(name).to_have_value("Demo Therapist")
    expect(credentials).to_have_value("LCSW")

    # The editor corrects the credentials and then the clinician: the name
    # follows the new choice, what they typed stays.
    credentials.fill("MD, board-certified psychiatrist")
    chooser.get_by_role("button", name="Actions").click()
    chooser.get_by_role("button", name="Choose another page").click()
    modal.get_by_role("link", name="Dr. Demo Psychiatrist").click()
    expect(name).to_have_value("Dr. Demo Psychiatrist")
    expect(credentials).to_have_value("MD, board-certified psychiatrist")
    assert log.csp_violations() == []
    assert log.errors() == []

    # Saved as shown.
    page.locator("#id_title").fill("Sleep and mood")
    page.get_by_role("textbox", name="Intro").fill("How sleep and low mood affect each other.")
    # Wagtail fills in the slug from the title a moment later; a person never
    # saves within that moment.
    expect(page.locator("#id_slug")).to_have_value("sleep-and-mood")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Page 'Sleep and mood' created.")).to_be_visible()
    draft = BlogPage.objects.get(slug="sleep-and-mood").get_latest_revision_as_object()
    [author] = draft.authors.all()
    assert (author.name, author.credentials) == (
        "Dr. Demo Psychiatrist",
        "MD, board-certified psychiatrist",
    )


def test_opening_days_are_ticked_as_checkboxes(open_page, site_content):
    staff_user("admin", SITE_ADMINISTRATORS, password=STAFF_PASSWORD)
    page, log = open_page()
    sign_in(page, "admin")

    page.goto(f"/admin/settings/practice_site/practicesettings/{site_content.pk}/")
    page.get_by_role("tab", name="Contact", exact=True).click()
    expect(page.get_by_role("checkbox", name="Monday")).to_be_checked()
    saturday = page.get_by_role("checkbox", name="Saturday")
    expect(saturday).not_to_be_checked()
    saturday.check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Practice settings updated.")).to_be_visible()
    assert log.csp_violations() == []

    [hours] = PracticeSettings.for_site(site_content).opening_hours
    assert hours.value["days"] == [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
    ]
    visitor, _ = open_page()
    visitor.goto("/contact/")
    expect(visitor.locator(".opening-hours dt").first).to_have_text(
        "Monday, Tuesday, Wednesday, Thursday, Friday, Saturday"
    )
