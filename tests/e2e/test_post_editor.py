"""The post editor in Chromium: choosing an author's clinician profile fills in the author."""

import re

import pytest
from playwright.sync_api import expect

from blog.models import BlogIndexPage, BlogPage
from practice_site.roles import EDITORS
from tests.factories import staff_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

STAFF_PASSWORD = "a-long-test-password-9281"


def test_choosing_the_clinician_fills_in_the_authors_empty_fields(open_page):
    staff_user("editor", EDITORS, password=STAFF_PASSWORD)
    blog = BlogIndexPage.objects.get()
    page, log = open_page()
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

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
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Page 'Sleep and mood' created.")).to_be_visible()
    draft = BlogPage.objects.get(slug="sleep-and-mood").get_latest_revision_as_object()
    [author] = draft.authors.all()
    assert (author.name, author.credentials) == (
        "Dr. Demo Psychiatrist",
        "MD, board-certified psychiatrist",
    )
