"""Everything works from the keyboard alone, and the focused element is always visible."""

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import CONTACT_URL, NARROW

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Each visible element a keyboard user should be able to reach, in document order.
# A radio group is one Tab stop (arrow keys move within it), so it counts once.
# Each is tagged with a readable key (position, tag, text) that the Tab walk reads back.
MARK_TAB_STOPS = """() => {
    const candidates = document.querySelectorAll(
        "a[href], button, input, select, textarea, summary, [tabindex]"
    );
    const keys = [];
    candidates.forEach((element, index) => {
        if (element.disabled || element.tabIndex < 0 || element.type === "hidden") return;
        if (element.closest("[inert], [aria-hidden='true']")) return;
        if (!element.checkVisibility({visibilityProperty: true})) return;
        const text = (element.innerText || element.name || element.id || "").trim();
        const key = element.type === "radio"
            ? `radio group ${element.name}`
            : `#${index} <${element.tagName.toLowerCase()}> ${text.slice(0, 40)}`;
        element.dataset.e2eStop = key;
        if (!keys.includes(key)) keys.push(key);
    });
    return keys;
}"""
# What has focus now, how it looks, and whether it is on screen.
DESCRIBE_FOCUS = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return {
        key: element.dataset.e2eStop || `not in the list: ${element.outerHTML.slice(0, 80)}`,
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
        shadow: style.boxShadow !== "none",
        onScreen: box.width > 0 && box.height > 0 && box.bottom > 0
            && box.top < window.innerHeight && box.right > 0 && box.left < window.innerWidth,
    };
}"""


def focused(page):
    return page.evaluate(DESCRIBE_FOCUS)


def test_first_tab_reaches_the_skip_link_and_enter_moves_focus_to_the_main_content(page):
    page.goto("/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    assert focused(page)["onScreen"], "the skip link stays off screen when focused"

    page.keyboard.press("Enter")
    expect(page.locator("main#main-content")).to_be_focused()


@pytest.mark.parametrize(
    "url", [pytest.param("/", id="home"), pytest.param(CONTACT_URL, id="contact")]
)
def test_tab_reaches_every_control_in_order_with_a_visible_focus_ring(page, url):
    page.goto(url)
    expected = page.evaluate(MARK_TAB_STOPS)

    reached, problems = [], []
    for _ in range(len(expected) + 5):
        page.keyboard.press("Tab")
        now = focused(page)
        if now is None or now["key"] in reached:
            break  # Past the last control (or wrapped round): the walk is complete.
        reached.append(now["key"])
        if not (now["outline"] or now["shadow"]):
            problems.append(f"no focus indicator on {now['key']}")
        if not now["onScreen"]:
            problems.append(f"focused but off screen: {now['key']}")

    assert reached == expected, "Tab order differs from the visible controls in the page"
    assert not problems, "\n".join(problems)


def test_narrow_screen_menu_opens_from_the_keyboard_and_its_links_are_reachable(open_page):
    page, _ = open_page(viewport=NARROW)
    page.goto("/")
    menu = page.locator("details.main-menu--narrow")
    summary = menu.locator("summary")

    for _ in range(15):
        page.keyboard.press("Tab")
        if summary.evaluate("element => element === document.activeElement"):
            break
    expect(summary).to_be_focused()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("open", "")

    links = menu.get_by_role("link")
    expect(links.first).to_be_visible()
    for index in range(links.count()):
        page.keyboard.press("Tab")
        expect(links.nth(index)).to_be_focused()
