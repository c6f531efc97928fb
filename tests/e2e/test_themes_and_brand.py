"""The dark theme, its toggle, and the practice's brand as staff set it in the admin.

Every page type passes axe in both themes on a phone and a laptop; the toggle keeps the
visitor's choice in local storage and nothing else; without JavaScript the system setting
rules; a brand color typed into Settings shows on the next page view, and one that is hard
to read is refused with its measured ratio.
"""

import re

import pytest
from playwright.sync_api import expect

from practice_site.content import colors
from practice_site.content.models import PracticeSettings
from practice_site.editorial.roles import SITE_ADMINISTRATORS
from tests.e2e.conftest import axe_violations, format_violations
from tests.e2e.pages import NARROW, PAGE_TYPES, TRD_ARTICLE_URL
from tests.e2e.test_editor_forms import STAFF_PASSWORD, sign_in
from tests.factories import staff_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DARK_BACKGROUND = "rgb(20, 24, 29)"  # colors.DARK_BACKGROUND
LIGHT_BACKGROUND = "rgb(255, 255, 255)"


def rgb(color: str) -> str:
    return "rgb({}, {}, {})".format(*colors.rgb(color))


def background(page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


LAPTOP = {"width": 1366, "height": 768}
SCREENS_AND_THEMES = [
    (NARROW, "light"),
    (NARROW, "dark"),
    (LAPTOP, "light"),
    (LAPTOP, "dark"),
]
# The page types with the most layout, for reflow at 320 px.
REFLOW_PAGES = ["/", "/blog/", TRD_ARTICLE_URL, "/contact/", "/treatments/esketamine/", "/team/"]


def test_every_page_type_passes_axe_in_both_themes_and_reflows_at_320_pixels(
    open_page, initial_artwork, live_server
):
    """One test for the four screens and themes: each page is loaded once and checked in
    each, as a visitor who turns their phone or changes the system theme sees it."""
    problems = []
    page, log = open_page()
    for param in PAGE_TYPES:
        (url,) = param.values
        page.goto(url)
        for screen, theme in SCREENS_AND_THEMES:
            page.set_viewport_size(screen)
            page.emulate_media(color_scheme=theme)
            expected = DARK_BACKGROUND if theme == "dark" else LIGHT_BACKGROUND
            assert background(page) == expected, (url, theme)
            if violations := axe_violations(page):
                problems.append(
                    f"{screen['width']} px, {theme}: " + format_violations(url, violations)
                )
    assert problems == [], "\n".join(problems)
    assert log.errors() == []
    # Images, fonts and the brand stylesheet included, everything comes from the site.
    assert log.requests_elsewhere(live_server.url) == []
    assert log.failed_responses() == []

    # WCAG 1.4.10: nothing needs sideways scrolling on a 320 px screen (the theme changes
    # colors only, so one is enough).
    page.set_viewport_size({"width": 320, "height": 640})
    for url in REFLOW_PAGES:
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, url


def test_the_toggle_switches_theme_and_the_choice_outlasts_the_page(open_page):
    page, log = open_page(color_scheme="light")
    page.goto(TRD_ARTICLE_URL)
    toggle = page.locator(".site-header__actions").get_by_role("button", name="Dark theme")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    assert background(page) == LIGHT_BACKGROUND

    toggle.click()

    expect(toggle).to_have_attribute("aria-pressed", "true")
    assert background(page) == DARK_BACKGROUND
    # The one thing the site keeps in the browser.
    assert page.evaluate("Object.entries(localStorage)") == [["theme", "dark"]]
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    assert background(page) == DARK_BACKGROUND
    page.locator(".site-header__actions").get_by_role("button", name="Dark theme").click()
    assert background(page) == LIGHT_BACKGROUND
    assert page.evaluate("localStorage.getItem('theme')") == "light"
    assert log.errors() == []
    # The privacy policy says so.
    page.goto("/privacy-policy/")
    expect(page.get_by_role("main")).to_contain_text("keeps that choice in its local storage")


def test_on_a_phone_the_toggle_is_in_the_menu(open_page):
    page, _ = open_page(viewport=NARROW, color_scheme="dark")
    page.goto("/")
    menu = page.locator("details.main-menu--narrow")

    menu.get_by_text("Menu").click()
    toggle = menu.get_by_role("button", name="Dark theme")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    toggle.click()

    assert background(page) == LIGHT_BACKGROUND


def test_without_javascript_the_system_setting_rules_and_no_toggle_shows(open_page):
    page, _ = open_page(color_scheme="dark", java_script_enabled=False)
    page.goto(TRD_ARTICLE_URL)

    assert background(page) == DARK_BACKGROUND
    expect(page.get_by_role("button", name="Dark theme")).to_have_count(0)


def test_the_dark_theme_has_the_logo_for_dark_backgrounds(open_page, initial_artwork):
    page, _ = open_page(color_scheme="dark")
    page.goto("/")
    light_logo = page.locator(".site-header__logo--light")
    dark_logo = page.locator(".site-header__logo--dark")

    expect(dark_logo).to_be_visible()
    expect(light_logo).to_be_hidden()
    assert dark_logo.evaluate("img => img.complete && img.naturalWidth > 0")


def test_forced_colors_keep_the_focus_ring_visible(open_page):
    page, _ = open_page(forced_colors="active")
    page.goto("/")
    page.keyboard.press("Tab")  # The skip link.
    page.keyboard.press("Tab")  # The crisis line's first link.

    outline = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
    )
    assert outline[0] != "none" and outline[1] >= 2


# The brand, as staff set it ------------------------------------------------------------


def brand_tab(page):
    page.goto("/admin/settings/practice_site/practicesettings/")
    page.get_by_role("tab", name="Brand").click()


def test_a_brand_color_set_in_the_admin_shows_on_the_next_page_view(open_page):
    staff_user("admin", SITE_ADMINISTRATORS, password=STAFF_PASSWORD)
    visitor, _ = open_page()
    visitor.goto("/")
    button = visitor.locator(".site-header__book")
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") == rgb("#1d4e89")

    staff, _ = open_page()
    sign_in(staff, "admin")
    brand_tab(staff)
    staff.get_by_role("textbox", name="Brand color").fill("#0b6e4f")
    staff.get_by_role("button", name="Save").click()
    expect(staff.locator(".messages")).to_contain_text("updated")

    visitor.reload()
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") == rgb("#0b6e4f")
    assert PracticeSettings.objects.get().brand_color == "#0b6e4f"


def test_a_brand_color_hard_to_read_is_refused_with_its_ratio(open_page):
    staff_user("admin", SITE_ADMINISTRATORS, password=STAFF_PASSWORD)
    staff, _ = open_page()
    sign_in(staff, "admin")
    brand_tab(staff)

    staff.get_by_role("textbox", name="Brand color").fill("#7a9cc6")
    staff.get_by_role("button", name="Save").click()

    # Wagtail opens the form at its first tab, the Brand tab marked as holding the error.
    staff.get_by_role("tab", name=re.compile("Brand")).click()
    ratio = colors.contrast_ratio("#7a9cc6", colors.WHITE)
    expect(staff.get_by_text(f"#7a9cc6 measures {ratio:.2f}:1 against white")).to_be_visible()
    expect(staff.get_by_role("textbox", name="Brand color")).to_have_value(
        "#7a9cc6"
    )  # Kept, to correct.
    assert PracticeSettings.objects.get().brand_color == "#1d4e89"
    assert re.search(r"needs? at least 4\.5:1", staff.content())
