"""The site respects what visitors set in their browser: less motion, larger text."""

import pytest

from tests.e2e.pages import TRD_ARTICLE_URL

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Every element (and its ::before/::after) that would still animate or transition
# for longer than 0.01 s. Durations are comma-separated lists in s or ms.
MOVING_ELEMENTS = """() => {
    const longest = (value) => Math.max(...value.split(",").map((part) => {
        const seconds = parseFloat(part);
        return part.trim().endsWith("ms") ? seconds / 1000 : seconds;
    }));
    const moving = [];
    for (const element of document.querySelectorAll("*")) {
        for (const pseudo of [null, "::before", "::after"]) {
            const style = getComputedStyle(element, pseudo);
            const animated = style.animationName.split(",").some((name) => name.trim() !== "none")
                && longest(style.animationDuration) > 0.01;
            const transitioned = longest(style.transitionDuration) > 0.01;
            if (animated || transitioned) {
                moving.push(`${element.tagName.toLowerCase()}.${element.className}${pseudo || ""}`
                    + ` animation ${style.animationName} ${style.animationDuration}`
                    + ` transition ${style.transitionDuration}`);
            }
        }
    }
    return moving;
}"""
# Elements in the header whose content is cut off: overflow hidden/clip/scroll with
# more content than room, or a box sticking out of the header itself.
CLIPPED_IN_HEADER = """() => {
    const header = document.querySelector(".site-header");
    const bottom = header.getBoundingClientRect().bottom;
    const clipped = [];
    for (const element of header.querySelectorAll("*")) {
        const style = getComputedStyle(element);
        const clips = style.overflowX !== "visible" || style.overflowY !== "visible";
        const overflowing = element.scrollWidth > element.clientWidth + 1
            || element.scrollHeight > element.clientHeight + 1;
        if ((clips && overflowing) || element.getBoundingClientRect().bottom > bottom + 1) {
            clipped.push(`${element.tagName.toLowerCase()}.${element.className}`);
        }
    }
    return clipped;
}"""


def test_reduced_motion_stops_every_animation_and_transition(open_page):
    page, _ = open_page(reduced_motion="reduce")
    page.goto("/")

    assert page.evaluate("matchMedia('(prefers-reduced-motion: reduce)').matches")
    assert page.evaluate(MOVING_ELEMENTS) == []


def test_article_at_200_percent_text_needs_no_sideways_scrolling_or_clipped_header(page):
    page.goto(TRD_ARTICLE_URL)
    header = page.locator(".site-header")
    normal_height = header.bounding_box()["height"]

    # What the browser's "text size" setting does: scale the root font size.
    page.evaluate("document.documentElement.style.fontSize = '200%'")

    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert header.bounding_box()["height"] > normal_height, "the header did not grow with its text"
    assert page.evaluate(CLIPPED_IN_HEADER) == []
