"""The public page types, one address each, and the screen sizes the browser tests use."""

import pytest

TRD_ARTICLE_URL = "/blog/treatment-resistant-depression/"
TRD_ARTICLE_TITLE = "Understanding Treatment-Resistant Depression: What You Need to Know"
CONTACT_URL = "/contact/"
THANK_YOU_URL = "/contact/thank-you/"
NOT_FOUND_URL = "/no-such-page/"

# Every template a visitor can land on, so a check over this list covers the whole site.
PAGE_TYPES = [
    pytest.param("/", id="home"),
    pytest.param("/blog/", id="blog-index"),
    pytest.param(TRD_ARTICLE_URL, id="article"),
    pytest.param("/blog/tag/trd/", id="tag-page"),
    pytest.param("/blog/category/treatments/", id="category-page"),
    pytest.param("/treatments/", id="treatments-index"),
    pytest.param("/treatments/esketamine/", id="treatment"),
    pytest.param("/team/", id="team-index"),
    pytest.param("/team/demo-psychiatrist/", id="clinician"),
    pytest.param("/privacy-policy/", id="standard-page"),
    pytest.param("/notice-of-privacy-practices/", id="notice"),
    pytest.param("/search/?q=depression", id="search-results"),
    pytest.param("/search/?q=suicide", id="search-with-crisis-help"),
    pytest.param(CONTACT_URL, id="contact"),
    pytest.param(THANK_YOU_URL, id="thank-you"),
    pytest.param(NOT_FOUND_URL, id="not-found"),
]

WIDE = {"width": 1280, "height": 800}
# An iPhone-sized screen: the header folds its menu into the "Menu" disclosure.
NARROW = {"width": 390, "height": 844}
