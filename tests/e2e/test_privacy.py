"""Visitors' browsers talk to this site only, and the strict CSP has nothing to block."""

import pprint

import pytest

from tests.e2e.pages import NOT_FOUND_URL, PAGE_TYPES

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Resources an element would fetch: scripts, styles, images, frames, media, and
# link hints such as preconnect (which alone tells a third party about the visit).
LOADED_ADDRESSES = """() => {
    const addresses = [];
    const fetchingLinks = ["stylesheet", "icon", "preload", "modulepreload", "prefetch",
        "preconnect", "dns-prefetch", "manifest", "apple-touch-icon"];
    for (const link of document.querySelectorAll("link[href]")) {
        if (link.relList && fetchingLinks.some((rel) => link.relList.contains(rel))) {
            addresses.push(link.href);
        }
    }
    for (const element of document.querySelectorAll(
        "script[src], img[src], iframe[src], audio[src], video[src], source[src], embed[src]"
    )) {
        addresses.push(element.src);
    }
    for (const element of document.querySelectorAll("img[srcset], source[srcset]")) {
        for (const candidate of element.srcset.split(",")) {
            addresses.push(new URL(candidate.trim().split(/\\s+/)[0], document.baseURI).href);
        }
    }
    for (const element of document.querySelectorAll("object[data]")) addresses.push(element.data);
    return addresses;
}"""


def test_no_page_loads_anything_from_elsewhere_or_logs_errors(page, page_log, live_server):
    """Every page type in one test (one database, one browser page), with its problems
    collected so one run shows every symptom."""
    site = live_server.url + "/"
    found = {}
    for param in PAGE_TYPES:
        (url,) = param.values
        # Waits for the load event: every file the page asks for, scripts included, has
        # been requested by then (the site's images below the fold are lazy, and are
        # checked by address below).
        response = page.goto(url)
        assert response.status == (404 if url == NOT_FOUND_URL else 200), url
        # A CSP refusal shows up both as a console error and as a violation event.
        problems = {
            "requests to other hosts": page_log.requests_elsewhere(live_server.url),
            "elements loading from other hosts": [
                address
                for address in page.evaluate(LOADED_ADDRESSES)
                if not address.startswith(site)
            ],
            "files that failed to load": page_log.failed_responses(),
            "console errors": page_log.errors(),
            "CSP violations": page_log.csp_violations(),
        }
        if problems := {name: items for name, items in problems.items() if items}:
            found[url] = problems
    assert not found, "\n" + pprint.pformat(found, width=100)


def test_favicon_loads(page):
    page.goto("/")
    icon = page.locator("link[rel~='icon']")

    response = page.request.get(icon.evaluate("link => link.href"))

    assert response.status == 200
    assert response.headers["content-type"].startswith(icon.get_attribute("type") or "image/")
