"""What a visitor sees before scrolling, on a phone and on a laptop, in the light and the
dark theme: the crisis line, the practice's name, its phone as a tap-to-call link and the
booking button, outside the menu; the home page's hero and the contact form's first field.

Each test saves what the first screen of each page looks like to tests/e2e/screenshots/
(not kept in git), for a person to look at. The pages have the initial content's images,
as a new install has them.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from practice_site.content.models import PracticeSettings
from tests.e2e.pages import CONTACT_URL, NARROW, TRD_ARTICLE_URL

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
LAPTOP = {"width": 1366, "height": 768}
SCREENS = [pytest.param(NARROW, id="phone"), pytest.param(LAPTOP, id="laptop")]
PAGES = {
    "home": "/",
    "article": TRD_ARTICLE_URL,
    "contact": CONTACT_URL,
    "treatment": "/treatments/esketamine/",
    "clinician": "/team/demo-psychiatrist/",
}


def on_the_first_screen(page: Page, locator: Locator) -> bool:
    box = locator.bounding_box()
    return (
        box is not None
        and box["y"] >= 0
        and box["y"] + box["height"] <= page.viewport_size["height"]
    )


@pytest.mark.parametrize("screen", SCREENS)
def test_the_crisis_line_name_phone_and_booking_button_are_on_the_first_screen(
    open_page, initial_artwork, screen
):
    """Both themes in one test, so the pages' image renditions are made once."""
    for theme in ("light", "dark"):
        first_screen_check(open_page, screen, theme)


def first_screen_check(open_page, screen, theme):
    practice = PracticeSettings.objects.get()
    page, log = open_page(viewport=screen, color_scheme=theme)
    name = practice.short_name if screen == NARROW else practice.practice_name
    screen_id = "phone" if screen == NARROW else "laptop"
    SCREENSHOTS.mkdir(exist_ok=True)

    for label, url in PAGES.items():
        page.goto(url)
        page.wait_for_load_state("load")
        header = page.locator("header.site-header")
        phone = header.get_by_role("link", name=f"Call {practice.phone}")
        book = header.locator(".site-header__actions").get_by_role(
            "link", name="Request an appointment"
        )
        for locator in (
            page.get_by_role("complementary", name="Crisis support"),
            header.get_by_role("link", name=name, exact=True),
            phone,
            book,
        ):
            expect(locator).to_be_visible()
            assert on_the_first_screen(page, locator), (label, locator)
        assert phone.get_attribute("href") == practice.phone_href
        if screen == NARROW:
            # The crisis line and the header leave two thirds of a phone's screen to the page.
            box = header.bounding_box()
            assert box["y"] + box["height"] <= NARROW["height"] / 3, label
        page.screenshot(path=SCREENSHOTS / f"{label}-{screen_id}-{theme}.png")

    # (axe runs on every page type at these sizes and themes in test_themes_and_brand.py.)
    assert log.errors() == []


@pytest.mark.parametrize("screen", SCREENS)
def test_the_booking_button_leads_to_the_contact_form(open_page, screen):
    page, _ = open_page(viewport=screen)
    page.goto(TRD_ARTICLE_URL)

    page.locator(".site-header__actions").get_by_role(
        "link", name="Request an appointment"
    ).click()

    expect(page).to_have_url(re.compile(re.escape(CONTACT_URL) + "$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_on_a_laptop_the_home_pages_hero_shows_its_actions_and_image(open_page, initial_artwork):
    page, log = open_page(viewport=LAPTOP)
    page.goto("/")
    hero = page.locator(".hero")

    expect(hero.get_by_role("heading", level=1)).to_have_text(
        initial_artwork.root_page.specific.hero_heading
    )
    primary = hero.get_by_role("link", name="Request an appointment")
    secondary = hero.get_by_role("link", name="Explore treatments")
    image = hero.locator("img")
    for locator in (primary, secondary, image, hero.get_by_text("Accepting new patients")):
        expect(locator).to_be_visible()
        assert on_the_first_screen(page, locator), locator
    # The first screen's largest image: fetched first, not lazily, its size reserved.
    assert image.get_attribute("fetchpriority") == "high"
    assert image.get_attribute("loading") is None
    assert image.get_attribute("width") and image.get_attribute("height")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    secondary.click()
    expect(page).to_have_url(re.compile(r"/treatments/$"))
    assert log.errors() == []


def test_on_a_phone_the_contact_forms_first_field_is_on_the_first_screen(open_page):
    page, _ = open_page(viewport=NARROW)
    page.goto(CONTACT_URL)

    first_field = page.get_by_label("Your name")

    expect(first_field).to_be_visible()
    assert on_the_first_screen(page, first_field)


def test_with_a_booking_system_the_header_button_books_online(open_page):
    practice = PracticeSettings.objects.get()
    practice.appointment_url = "https://booking.example/demo-practice"
    practice.save()
    page, _ = open_page(viewport=NARROW)
    page.goto("/")

    book = page.locator(".site-header__actions").get_by_role("link", name="Book online")

    expect(book).to_have_attribute("href", "https://booking.example/demo-practice")
    assert on_the_first_screen(page, book)


def test_on_a_phone_the_crisis_line_is_one_line_with_the_full_wording_a_tap_away(open_page):
    page, _ = open_page(viewport=NARROW)
    page.goto("/")
    crisis = page.get_by_role("complementary", name="Crisis support")

    expect(crisis.get_by_role("link", name="988", exact=True)).to_have_attribute("href", "tel:988")
    expect(crisis.get_by_role("link", name="911", exact=True)).to_have_attribute("href", "tel:911")
    # The practice's own wording, folded away.
    more_help = crisis.locator("details")
    wording = more_help.get_by_text("not monitored for emergencies")
    expect(wording).to_be_hidden()

    more_help.get_by_text("More help").click()

    expect(wording).to_be_visible()
    expect(wording.get_by_role("link", name="988lifeline.org")).to_be_visible()
