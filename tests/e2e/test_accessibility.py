"""axe-core finds no WCAG 2.2 A/AA problem on form errors, the limited form or the open menu."""

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import CONTACT_URL, NARROW

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


# Every page type, on a phone and a laptop, in both themes: test_themes_and_brand.py.


def test_contact_form_with_errors_has_no_accessibility_violations(page, assert_accessible):
    page.goto(CONTACT_URL)
    # Sent empty after the form's 3-second minimum, so the visitor sees field errors
    # rather than the "that was very quick" notice.
    page.wait_for_timeout(3_500)
    page.get_by_role("button", name="Send").click()

    expect(page.get_by_role("alert")).to_contain_text("Please correct the 3 fields")
    expect(page.locator(".form-field__error")).to_have_count(3)
    assert_accessible(page)


def test_rate_limited_contact_page_has_no_accessibility_violations(
    page, assert_accessible, settings
):
    settings.CONTACT_FORM_ATTEMPT_RATE_LIMIT = "1/h"
    page.goto(CONTACT_URL)
    page.get_by_label("Your name").fill("Alex Example")
    page.get_by_role("button", name="Send").click()
    page.get_by_role("button", name="Send").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Please try again later")
    expect(page.get_by_label("Your name")).to_have_value("Alex Example")
    assert_accessible(page)


@pytest.mark.parametrize(
    "url", [pytest.param("/", id="home"), pytest.param(CONTACT_URL, id="contact")]
)
def test_narrow_screen_with_menu_open_has_no_accessibility_violations(
    open_page, assert_accessible, url
):
    page, _ = open_page(viewport=NARROW)
    page.goto(url)
    # Open, so the menu's links (hidden while closed) are checked too.
    page.get_by_text("Menu", exact=True).click()
    expect(page.locator("details.main-menu--narrow")).to_have_attribute("open", "")

    assert_accessible(page)
