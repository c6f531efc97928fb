"""A printed article, as a visitor or a referring clinician prints it from Chromium: the
text and where to find it online, without the menus, buttons and search."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import TRD_ARTICLE_TITLE, TRD_ARTICLE_URL

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_printed_article_keeps_its_text_the_crisis_line_and_its_address(page):
    page.goto(TRD_ARTICLE_URL)
    address = page.get_by_text("This article online:")
    expect(address).to_be_hidden()  # On screen the address bar says it.

    page.emulate_media(media="print")

    expect(page.get_by_role("heading", level=1)).to_have_text(TRD_ARTICLE_TITLE)
    expect(address).to_be_visible()
    expect(address).to_have_text(re.compile(re.escape(TRD_ARTICLE_URL) + "$"))
    expect(page.get_by_role("complementary", name="Crisis support")).to_contain_text("911")
    for chrome in (
        page.locator(".site-header__actions"),
        page.get_by_role("navigation", name="Main"),
        page.get_by_role("search"),
        page.get_by_role("navigation", name="Breadcrumb"),
    ):
        expect(chrome).to_be_hidden()
    page.pdf()  # Chromium lays the page out for paper without an error.
