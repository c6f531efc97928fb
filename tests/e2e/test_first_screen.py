"""What a visitor sees before scrolling, on a phone and on a laptop: the crisis line, the
practice's name, its phone as a tap-to-call link and the booking button, outside the menu.

Each test saves what the first screen looks like to tests/e2e/screenshots/ (not kept in
git), for a person to look at.
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
PAGES = [
    pytest.param("/", id="home"),
    pytest.param(TRD_ARTICLE_URL, id="article"),
    pytest.param(CONTACT_URL, id="contact"),
    pytest.param("/treatments/esketamine/", id="treatment"),
    pytest.param("/team/demo-psychiatrist/", id="clinician"),
]


def on_the_first_screen(page: Page, locator: Locator) -> bool:
    box = locator.bounding_box()
    return (
        box is not None
        and box["y"] >= 0
        and box["y"] + box["height"] <= page.viewport_size["height"]
    )


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("url", PAGES)
def test_the_crisis_line_name_phone_and_booking_button_are_on_the_first_screen(
    open_page, assert_accessible, request, url, screen
):
    practice = PracticeSettings.objects.get()
    page, log = open_page(viewport=screen)
    page.goto(url)

    header = page.locator("header.site-header")
    phone = header.get_by_role("link", name=f"Call {practice.phone}")
    book = header.locator(".site-header__actions").get_by_role(
        "link", name="Request an appointment"
    )
    name = practice.short_name if screen == NARROW else practice.practice_name
    for locator in (
        page.get_by_role("complementary", name="Crisis support"),
        header.get_by_role("link", name=name, exact=True),
        phone,
        book,
    ):
        expect(locator).to_be_visible()
        assert on_the_first_screen(page, locator), locator
    assert phone.get_attribute("href") == practice.phone_href
    if screen == NARROW:
        # The crisis line and the header leave two thirds of a phone's screen to the page.
        box = header.bounding_box()
        assert box["y"] + box["height"] <= NARROW["height"] / 3
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"first-screen-{request.node.callspec.id}.png")
    book.click()
    expect(page).to_have_url(re.compile(re.escape(CONTACT_URL) + "$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    assert log.errors() == []


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
