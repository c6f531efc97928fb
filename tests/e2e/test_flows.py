"""The three journeys the site exists for: a visitor asks for an appointment, an
author's post goes through clinical review to the blog, and an administrator renames
the practice."""

import re
import time

import pytest
from playwright.sync_api import Page, expect

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.dateformat import format as date_format

from wagtail.contrib.forms.models import FormSubmission

from blog.models import BlogIndexPage, BlogPage
from practice_site.content.models import ClinicianPage
from practice_site.editorial.roles import AUTHORS, CLINICAL_REVIEWERS, SITE_ADMINISTRATORS
from tests.e2e.pages import (
    CONTACT_URL,
    NOT_FOUND_URL,
    PAGE_TYPES,
    THANK_YOU_URL,
    TRD_ARTICLE_TITLE,
)
from tests.factories import staff_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

STAFF_PASSWORD = "a-long-test-password-9281"
# The contact form turns away anything sent sooner than 3 seconds after it was shown.
FORM_MIN_SECONDS = 3.5
OLD_NAME = "Demo Practice (replace in Settings)"
OLD_PHONE = "(202) 555-0143"


def make_user(username: str, group_name: str):
    """A staff account in one of the roles `roles_setup` created."""
    return staff_user(username, group_name, password=STAFF_PASSWORD)


def sign_in(page: Page, username: str) -> None:
    """Signs in through the real admin login form, which leads to the dashboard."""
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


@pytest.fixture
def staff_page(open_page) -> Page:
    """A wide page signed in to the admin as a superuser."""
    get_user_model().objects.create_superuser(
        username="editor", email="editor@practice.example", password=STAFF_PASSWORD
    )
    page, _ = open_page()
    sign_in(page, "editor")
    return page


def test_visitor_goes_from_home_to_an_appointment_request(page):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Blog").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Blog")

    page.get_by_role("link", name=TRD_ARTICLE_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TRD_ARTICLE_TITLE)

    related = page.get_by_role("region", name="Related posts").get_by_role("link").first
    related_title = related.inner_text()
    related.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(related_title)

    page.locator(".cta").get_by_role("link", name="Request an appointment").click()
    expect(page).to_have_url(re.compile(re.escape(CONTACT_URL) + "$"))
    form_shown_at = time.monotonic()
    page.get_by_label("Your name").fill("Alex Example")
    page.get_by_label("Phone call").check()
    page.get_by_label("Phone number").fill("(917) 555-0182")
    page.get_by_label("I agree that the practice may contact me").check()
    # The one deliberate wait: a person takes longer than the form's spam threshold.
    page.wait_for_timeout(max(0, FORM_MIN_SECONDS - (time.monotonic() - form_shown_at)) * 1000)
    page.get_by_role("button", name="Send").click()

    expect(page).to_have_url(re.compile(re.escape(THANK_YOU_URL) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for getting in touch")
    assert FormSubmission.objects.count() == 1


def test_a_visitor_who_sends_too_soon_keeps_what_they_typed_and_gets_through(page):
    page.goto(CONTACT_URL)
    page.get_by_label("Your name").fill("Alex Example")
    page.get_by_label("Text message").check()
    page.get_by_label("Phone number").fill("(917) 555-0182")
    page.get_by_label("Best time to reach you").select_option("Evening")
    page.get_by_label("I agree that the practice may contact me").check()
    page.get_by_role("button", name="Send").click()  # faster than the form allows

    expect(page.get_by_role("alert")).to_contain_text("That was very quick")
    expect(page.locator(".crisis-line--inline")).to_contain_text("988")
    expect(page.get_by_label("Your name")).to_have_value("Alex Example")
    expect(page.get_by_label("Text message")).to_be_checked()
    expect(page.get_by_label("Phone number")).to_have_value("(917) 555-0182")
    expect(page.get_by_label("Best time to reach you")).to_have_value("Evening")
    expect(page.get_by_label("I agree that the practice may contact me")).to_be_checked()
    assert FormSubmission.objects.count() == 0

    page.wait_for_timeout(FORM_MIN_SECONDS * 1000)
    page.get_by_role("button", name="Send").click()

    expect(page).to_have_url(re.compile(re.escape(THANK_YOU_URL) + "$"))
    assert FormSubmission.objects.get().get_data()["contact_method"] == "text"


def test_a_site_administrator_adds_a_crisis_search_term(open_page, site_content):
    administrator = make_user("siteadmin", SITE_ADMINISTRATORS)
    page, _ = open_page()
    sign_in(page, administrator.username)

    page.goto(f"/admin/settings/practice_site/practicesettings/{site_content.pk}/")
    page.get_by_role("tab", name="Crisis line", exact=True).click()
    terms = page.get_by_role("textbox", name="Search terms that show the crisis line")
    expect(terms).to_have_value(re.compile(r"^suicide$", re.MULTILINE))
    terms.fill(terms.input_value() + "\nhopeless")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Practice settings updated.")).to_be_visible()

    visitor, _ = open_page()
    visitor.goto("/search/?q=Feeling+HOPELESS")
    help_box = visitor.get_by_role("region", name=re.compile("You are not alone"))
    expect(help_box).to_contain_text("988 Suicide & Crisis Lifeline")
    expect(help_box.get_by_role("link", name="911")).to_have_attribute("href", "tel:911")


def test_author_writes_a_post_a_reviewer_approves_it_and_visitors_see_it(
    open_page, without_autosave
):
    author = make_user("author", AUTHORS)
    reviewer = make_user("drdemo", CLINICAL_REVIEWERS)
    # Linking the reviewer's account to their clinician profile is what lets an
    # approval name them as the medical reviewer on the post.
    clinician = ClinicianPage.objects.get(slug="demo-psychiatrist")
    clinician.user = reviewer
    clinician.save_revision().publish()
    blog = BlogIndexPage.objects.get()
    title = "Sleep and mood: what helps"
    paragraph = "Regular sleep and wake times can support recovery."

    # The Author writes the post.
    page, _ = open_page()
    sign_in(page, author.username)
    page.goto(f"/admin/pages/add/blog/blogpage/{blog.pk}/")
    page.locator("#id_title").fill(title)
    page.get_by_role("textbox", name="Intro").fill("How sleep and low mood affect each other.")
    # StreamField: the "+" button opens the block menu, then Draftail takes the text.
    page.locator("#body-root").get_by_role("button", name="Insert a block").click()
    page.get_by_role("option", name="Paragraph").click()
    page.locator("#body-root [contenteditable='true']").first.click()
    page.keyboard.type(paragraph)
    # Draftail copies the editor into the form a moment after typing stops; a
    # person never submits within that moment, so wait for it as they would.
    expect(page.locator("#body-root input[name$='-value']")).to_have_value(
        re.compile(re.escape(paragraph))
    )
    # Authors can only send the post for review: the footer menu offers no Publish,
    # and the form holds no publish button at all, not even a hidden one.
    page.get_by_role("button", name="More actions").click()
    submit = page.get_by_role("button", name="Submit to Clinical review")
    expect(submit).to_be_visible()
    expect(page.get_by_role("button", name="Publish", exact=True)).to_have_count(0)
    expect(page.locator("[name='action-publish']")).to_have_count(0)
    submit.click()
    submitted = f"Page '{title}' created and submitted for moderation."
    expect(page.get_by_text(submitted)).to_be_visible()

    # The Clinical reviewer finds it on their dashboard and opens it.
    page, _ = open_page()
    sign_in(page, reviewer.username)
    awaiting = page.get_by_role("region", name="Awaiting your review")
    awaiting.get_by_role("link", name=title).click()
    expect(page.locator("#id_title")).to_have_value(title)
    # Nobody types the review line: no field holds the reviewer or the date.
    review_inputs = (
        "[name='medical_reviewer'], [name='medical_reviewer_name'], [name='last_reviewed']"
    )
    expect(page.locator(review_inputs)).to_have_count(0)

    # They preview it. The side panel's frame is subject to the admin's frame policy,
    # so the reviewer reads the preview where it never depends on framing: a new tab.
    page.get_by_role("button", name="Toggle preview").click()
    with page.context.expect_page() as new_tab:
        page.get_by_role("link", name="Preview in new tab").click()
    preview = new_tab.value
    expect(preview.get_by_role("heading", level=1)).to_have_text(title)
    expect(preview.get_by_text(paragraph)).to_be_visible()
    # A draft carries no review line until it is approved.
    expect(preview.locator(".medical-review")).to_have_count(0)
    preview.close()

    # Approving from the editor publishes it; there is no plain Publish for anyone.
    page.get_by_role("button", name="More actions").click()
    expect(page.get_by_role("button", name="Publish", exact=True)).to_have_count(0)
    page.get_by_role("button", name="Approve and Publish").click()
    # Wagtail then shows the blog's listing, with the post live.
    expect(page.get_by_text(f"Page '{title}' has been updated.")).to_be_visible()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=title, exact=True))
    expect(row.get_by_role("link", name="Current page status: live")).to_be_visible()

    # A visitor sees the post on the blog, with the review recorded on it.
    visitor, _ = open_page()
    visitor.goto("/blog/")
    visitor.get_by_role("link", name=title).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(title)
    expect(visitor.get_by_text(paragraph)).to_be_visible()
    today = date_format(timezone.localdate(), "F j, Y")
    expect(visitor.locator(".medical-review")).to_have_text(
        f"Medically reviewed by Dr. Demo Psychiatrist, MD on {today}"
    )

    # Back in the editor, the review shows as text on the Promote tab, not as fields.
    post = BlogPage.objects.get(title=title)
    page.goto(f"/admin/pages/{post.pk}/edit/")
    page.get_by_role("tab", name="Promote").click()
    expect(page.locator(".medical-review-status")).to_contain_text(
        f"Live version: medically reviewed by Dr. Demo Psychiatrist, MD on {today}."
    )
    expect(page.locator(review_inputs)).to_have_count(0)


def test_practice_name_and_phone_change_on_every_page_type(staff_page, open_page, site_content):
    new_name, new_phone = "Riverside Mood Clinic", "(312) 555-0199"
    page = staff_page

    page.goto(f"/admin/settings/practice_site/practicesettings/{site_content.pk}/")
    page.get_by_role("tab", name="Practice", exact=True).click()
    page.get_by_role("textbox", name="Practice name").fill(new_name)
    page.get_by_role("tab", name="Contact", exact=True).click()
    page.get_by_role("textbox", name=re.compile(r"^Phone\b")).fill(new_phone)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Practice settings updated.")).to_be_visible()

    visitor, _ = open_page()
    for param in PAGE_TYPES:
        url = param.values[0]
        response = visitor.goto(url)
        assert response.status == (404 if url == NOT_FOUND_URL else 200), url
        text = visitor.locator("body").inner_text()
        html = visitor.content()
        assert new_name in text, url
        assert new_phone in text, url
        assert OLD_NAME not in html, url
        assert OLD_PHONE not in html, url
        assert "+12025550143" not in html, url  # the old tel: link
