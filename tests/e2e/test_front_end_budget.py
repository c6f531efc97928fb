"""The TRD article, the page most visitors arrive on, stays light and steady on a slow phone."""

import pytest

from blog.models import BlogPage
from tests.e2e.pages import TRD_ARTICLE_URL
from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BUDGET_BYTES = 150 * 1024
# Adds up layout shifts not caused by the visitor (the Cumulative Layout Shift
# metric). Injected through DevTools before any page script, which the CSP allows.
LAYOUT_SHIFT_RECORDER = """
window.__layoutShift = 0;
new PerformanceObserver((entries) => {
    for (const entry of entries.getEntries()) {
        if (!entry.hadRecentInput) window.__layoutShift += entry.value;
    }
}).observe({type: "layout-shift", buffered: true});
"""
# Resolves after the next two frames, so shifts from the final layout are counted.
AFTER_NEXT_FRAMES = """() => new Promise((resolve) =>
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(window.__layoutShift))))"""


def test_article_weighs_under_150_kb_without_images(page, page_log):
    page.goto(TRD_ARTICLE_URL)
    page.wait_for_load_state("networkidle")

    # Bodies as received, before any compression a production server adds: an upper bound.
    sizes = {
        response.url: len(response.body())
        for response in page_log.responses
        if response.request.resource_type != "image" and response.status < 300
    }
    assert sum(sizes.values()) < BUDGET_BYTES, sizes


def test_the_only_script_before_the_page_is_drawn_is_the_small_theme_script(page):
    """The theme script runs before first paint so a chosen theme never flashes the
    other; it is the only one, from the site itself, and small."""
    page.goto(TRD_ARTICLE_URL)

    blocking = page.locator(
        "head script[src]:not([defer]):not([async]):not([type='module']),"
        " head script:not([src]):not([type='application/ld+json']):not([type='application/json'])"
    )
    assert blocking.evaluate_all("scripts => scripts.map(s => s.getAttribute('src'))") == [
        "/static/js/theme.js"
    ]
    script = page.request.get(page.url.split("/blog/")[0] + "/static/js/theme.js")
    assert script.ok and len(script.body()) < 3 * 1024


@pytest.fixture
def article_with_image(site_content):
    """The seeded article has no image; give it a hero image so image checks have one."""
    article = BlogPage.objects.get(slug="treatment-resistant-depression")
    article.hero_image = ImageFactory()
    article.save_revision().publish()
    return article


def test_article_does_not_shift_while_loading(article_with_image, page):
    page.add_init_script(LAYOUT_SHIFT_RECORDER)
    page.goto(TRD_ARTICLE_URL)
    page.wait_for_load_state("networkidle")

    assert page.evaluate(AFTER_NEXT_FRAMES) < 0.01


def test_article_images_reserve_their_space(article_with_image, page):
    page.goto(TRD_ARTICLE_URL)
    assert page.locator("img").count() >= 1

    # Without width and height the browser cannot reserve the space, so text jumps.
    missing = page.locator("img:not([width]), img:not([height])")
    assert missing.evaluate_all("images => images.map(i => i.outerHTML)") == []
