"""Staff preview their work in the admin's side panel and in a new tab, for every page type.

The preview side panel is an iframe on the admin's own origin: it shows
nothing if the preview response forbids framing, and nothing useful if the
page cannot render before it is saved. These tests open the panel as staff do
and read what the iframe shows.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from django.apps import apps
from django.contrib.auth import get_user_model

from blog.models import BlogIndexPage
from practice_site.content.models import CallToAction
from tests.e2e.test_flows import STAFF_PASSWORD, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PREVIEW_IFRAME = "#w-preview-iframe"
# The panel sends the form and reloads a moment after typing stops; on a busy
# machine that can take longer than the usual 5 seconds.
UPDATE_TIMEOUT = 15_000
# Wagtail's editor starts watching the form for edits (which is what makes the
# panel reload) about two seconds after the page loads, and may take the form as
# it is once more a moment later; a person never types sooner, nor all at once.
EDIT_WATCH_RECORDER = """
document.addEventListener("w-unsaved:watch-edits", () => {
    document.documentElement.dataset.watchingEdits = "true";
});
"""

# Every page type in practice_site/content/models and blog/models, one page of each
# from the initial content. The panel renders what the edit form holds (Wagtail sends the
# form to the preview view, then shows the result), so opening it previews each type
# from its form. Updating as one types is the admin's own, the same for every type: it is
# shown on three, the home page (its heading is a field of its own), a post and a
# clinician.
EDITABLE_PAGES = [
    # (model, slug, whether an unsaved edit is typed and seen in the panel)
    ("practice_site.HomePage", "home", True),
    ("practice_site.StandardPage", "privacy-policy", False),
    ("practice_site.ContactPage", "contact", False),
    ("blog.BlogIndexPage", "blog", False),
    ("blog.BlogPage", "treatment-resistant-depression", True),
    ("practice_site.TreatmentIndexPage", "treatments", False),
    ("practice_site.TreatmentPage", "esketamine", False),
    ("practice_site.TeamIndexPage", "team", False),
    ("practice_site.ClinicianPage", "demo-psychiatrist", True),
]


@pytest.fixture
def editor(open_page):
    """A wide page signed in to the admin as a superuser, with what it logged."""
    get_user_model().objects.create_superuser(
        username="editor", email="editor@practice.example", password=STAFF_PASSWORD
    )
    page, log = open_page()
    sign_in(page, "editor")
    return page, log


def open_preview_panel(page: Page):
    # The admin reopens the panel that was open on the last page edited.
    toggle = page.get_by_role("button", name="Toggle preview")
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    return page.frame_locator(PREVIEW_IFRAME)


def preview_frame_csp_violations(page: Page) -> list[str]:
    frames = [frame for frame in page.frames if "/preview/" in frame.url]
    assert frames, [frame.url for frame in page.frames]
    return [found for frame in frames for found in frame.evaluate("window.__cspViolations")]


def heading_for(page_model, title: str) -> re.Pattern:
    # A clinician's heading adds their degree: "Dr. Demo Psychiatrist, MD".
    if page_model.__name__ == "ClinicianPage":
        return re.compile("^" + re.escape(title) + ", ")
    return re.compile("^" + re.escape(title) + "$")


def test_the_preview_panel_shows_each_page_type_and_its_unsaved_changes(editor, without_autosave):
    """One editor, signed in once, goes through every page type in turn."""
    page, log = editor
    page.add_init_script(EDIT_WATCH_RECORDER)
    for page_type, slug, edit in EDITABLE_PAGES:
        try:
            preview_shows_the_page(page, apps.get_model(page_type), slug, edit=edit)
        except AssertionError as error:
            raise AssertionError(f"{page_type} ({slug}): {error}") from error
    assert log.errors() == []


def preview_shows_the_page(page: Page, page_model, slug: str, *, edit: bool) -> None:
    cms_page = page_model.objects.get(slug=slug)
    revisions = cms_page.revisions.count()
    # The home page's heading is its hero heading; every other page's is its title.
    heading_field = "hero_heading" if page_model.__name__ == "HomePage" else "title"
    shown = getattr(cms_page, heading_field)

    page.goto(f"/admin/pages/{cms_page.pk}/edit/")
    preview = open_preview_panel(page)
    heading = preview.get_by_role("heading", level=1)
    expect(heading).to_have_text(heading_for(page_model, shown))

    if edit:
        # A change shows up in the panel before it is saved.
        edited = f"{shown} (edited, not saved)"
        expect(page.locator("html[data-watching-edits]")).to_have_count(1)
        field = page.locator(f"#id_{heading_field}")
        field.press("End")
        field.press_sequentially(" (edited, not saved)", delay=50)
        expect(heading).to_have_text(heading_for(page_model, edited), timeout=UPDATE_TIMEOUT)
        cms_page.refresh_from_db()
        assert getattr(cms_page, heading_field) != edited

    assert preview_frame_csp_violations(page) == []
    assert cms_page.revisions.count() == revisions


def write_a_new_post_without_saving(page: Page, title: str, intro: str, paragraph: str) -> None:
    blog = BlogIndexPage.objects.get()
    page.goto(f"/admin/pages/add/blog/blogpage/{blog.pk}/")
    page.locator("#id_title").fill(title)
    page.get_by_role("textbox", name="Intro").fill(intro)
    page.locator("#body-root").get_by_role("button", name="Insert a block").click()
    page.get_by_role("option", name="Paragraph").click()
    page.locator("#body-root [contenteditable='true']").first.click()
    page.keyboard.type(paragraph)
    # Draftail copies the text into the form a moment after typing stops.
    expect(page.locator("#body-root input[name$='-value']")).to_have_value(
        re.compile(re.escape(paragraph))
    )


def test_a_new_post_with_no_related_posts_previews_before_it_is_saved(editor, without_autosave):
    page, log = editor
    title = "Sleep and mood: a first draft"
    paragraph = "Regular sleep and wake times can support recovery."

    write_a_new_post_without_saving(
        page, title, "How sleep and low mood affect each other.", paragraph
    )
    preview = open_preview_panel(page)

    expect(preview.get_by_role("heading", level=1)).to_have_text(title)
    expect(preview.get_by_text(paragraph)).to_be_visible()
    # With no picks, tags or categories there is nothing to relate it to.
    expect(preview.get_by_role("region", name="Related posts")).to_have_count(0)
    assert preview_frame_csp_violations(page) == []
    assert log.errors() == []
    assert not apps.get_model("blog.BlogPage").objects.filter(title=title).exists()


def test_preview_in_a_new_tab_shows_the_unsaved_post(editor, without_autosave):
    page, _ = editor
    title = "Exercise and mood: notes for a draft"
    paragraph = "Gentle activity is one part of care, not a replacement for it."
    write_a_new_post_without_saving(page, title, "What movement can and cannot do.", paragraph)
    preview = open_preview_panel(page)
    expect(preview.get_by_role("heading", level=1)).to_have_text(title)

    with page.context.expect_page() as new_tab:
        page.get_by_role("link", name="Preview in new tab").click()
    tab = new_tab.value

    expect(tab.get_by_role("heading", level=1)).to_have_text(title)
    expect(tab.get_by_text(paragraph)).to_be_visible()
    assert "/preview/" in tab.url
    assert tab.evaluate("window.__cspViolations") == []
    assert not apps.get_model("blog.BlogPage").objects.filter(title=title).exists()


def test_the_preview_panel_shows_a_call_to_action(editor):
    page, log = editor
    cta = CallToAction.objects.get()

    page.goto(f"/admin/snippets/practice_site/calltoaction/edit/{cta.pk}/")
    preview = open_preview_panel(page)

    expect(preview.get_by_role("heading", level=1)).to_have_text("Preview of a call to action")
    expect(preview.get_by_text(f"This is how “{cta.name}” looks")).to_be_visible()
    assert preview_frame_csp_violations(page) == []
    assert log.errors() == []
