"""What every page shares: landmarks, the crisis line, settings-driven chrome, CSP."""

import re

import pytest

from tests.factories import StandardPageFactory
from tests.html import parse, visible_text

pytestmark = pytest.mark.django_db

PAGE_TYPES = [
    "home",
    "blog index",
    "article",
    "standard page",
    "treatment",
    "clinician",
    "contact",
    "thank-you",
    "not found",
]


@pytest.fixture
def page_urls(site_tree) -> dict[str, str]:
    about = StandardPageFactory(parent=site_tree.home, title="About us", slug="about-us")
    return {
        "home": "/",
        "blog index": site_tree.blog.url,
        "article": site_tree.posts[0].url,
        "standard page": about.url,
        "treatment": site_tree.treatments[0].url,
        "clinician": site_tree.clinicians[0].url,
        "contact": site_tree.contact.url,
        "thank-you": f"{site_tree.contact.url}thank-you/",
        "not found": "/no-such-page/",
    }


@pytest.fixture(params=PAGE_TYPES)
def page_response(request, client, page_urls):
    name = request.param
    response = client.get(page_urls[name])
    assert response.status_code == (404 if name == "not found" else 200)
    return response


def test_page_has_language_skip_link_and_landmarks(page_response):
    soup = parse(page_response)
    assert soup.html["lang"] == "en"
    skip_link = soup.find("a", class_="skip-link")
    assert skip_link["href"] == "#main-content"
    # The skip link is the first thing a keyboard user reaches.
    assert soup.body.find("a") is skip_link
    assert soup.find("main", id="main-content") is not None
    assert soup.find("header", class_="site-header") is not None
    assert soup.find("footer", class_="site-footer") is not None


def test_page_has_exactly_one_h1(page_response):
    assert len(parse(page_response).find_all("h1")) == 1


def test_page_shows_the_crisis_line(page_response):
    crisis = parse(page_response).find("aside", class_="crisis-line")
    assert "988 Suicide & Crisis Lifeline" in crisis.get_text()
    assert crisis.find("a", href="tel:988") is not None
    assert crisis.find("a", href="tel:911") is not None
    assert "immediate danger" in crisis.get_text()


def test_header_and_footer_come_from_practice_settings(page_response, site_tree):
    practice_settings = site_tree.settings
    soup = parse(page_response)
    assert soup.find("header").find(string=re.compile(re.escape(practice_settings.practice_name)))
    footer = soup.find("footer", class_="site-footer")
    assert (
        footer.find("a", href=practice_settings.phone_href).get_text() == practice_settings.phone
    )
    assert footer.find("a", href=f"mailto:{practice_settings.email}") is not None
    assert practice_settings.address_locality in footer.get_text()


def test_page_has_no_inline_script_or_style(page_response):
    soup = parse(page_response)
    assert soup.find_all(style=True) == []
    assert soup.find_all("style") == []
    for script in soup.find_all("script"):
        assert script.get("src") or script.get("type") == "application/ld+json"


def test_page_loads_nothing_from_other_hosts(page_response):
    soup = parse(page_response)
    for tag in soup.find_all(["script", "img", "source", "iframe"]):
        for attr in ("src", "srcset"):
            assert not re.match(r"^(https?:)?//", tag.get(attr, "")), tag
    # Links that make the browser fetch something (a canonical link fetches nothing).
    fetching = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch"}
    for link in soup.find_all("link", href=True):
        if fetching & set(link.get("rel", [])):
            assert not re.match(r"^(https?:)?//", link["href"]), link


def test_page_has_a_strict_content_security_policy(page_response):
    policy = page_response["Content-Security-Policy"]
    directives = dict(
        ([*part.strip().split(" ", 1), ""])[:2] for part in policy.split(";") if part.strip()
    )
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy


def test_changing_practice_details_changes_every_page(client, page_urls, site_tree):
    practice_settings = site_tree.settings
    old = (practice_settings.practice_name, practice_settings.phone, practice_settings.email)
    practice_settings.practice_name = "Riverbend Mood Clinic"
    practice_settings.phone = "(312) 555-0199"
    practice_settings.email = "office@riverbend.example"
    practice_settings.save()

    for url in page_urls.values():
        text = visible_text(client.get(url))
        assert "Riverbend Mood Clinic" in text
        assert "(312) 555-0199" in text
        assert "office@riverbend.example" in text
        for old_value in old:
            assert old_value not in text, (url, old_value)


def test_admin_gets_its_own_policy_without_third_parties(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "http" not in policy


def test_admin_sends_staff_details_to_no_third_party(admin_client):
    response = admin_client.get("/admin/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "gravatar.com" not in html
    assert "releases.wagtail.org" not in html


def test_header_offers_the_phone_and_the_booking_button_outside_the_menu(page_response, site_tree):
    actions = parse(page_response).find("header").find(class_="site-header__actions")
    phone = actions.find("a", class_="site-header__phone")
    assert phone["href"] == site_tree.settings.phone_href
    assert phone["href"].startswith("tel:+1")
    # Its name says what it does and holds what shows: "Call" on phones, the number wider.
    assert phone["aria-label"] == f"Call {site_tree.settings.phone}"
    assert " ".join(phone.get_text(" ").split()) == f"Call {site_tree.settings.phone}"
    book = actions.find("a", class_="button")
    assert book.get_text(strip=True) == "Request an appointment"
    assert book["href"] == site_tree.contact.url
    assert book.find_parent(["nav", "details"]) is None


def test_with_a_booking_system_the_header_button_books_online(client, site_tree):
    client.get("/")  # The header is cached now; the settings change must refresh it.
    site_tree.settings.appointment_url = "https://booking.example/lakeside"
    site_tree.settings.save()

    for url in ("/", site_tree.posts[0].url, site_tree.contact.url):
        book = parse(client.get(url)).select_one(".site-header__actions a.button")
        assert book.get_text(strip=True) == "Book online"
        assert book["href"] == "https://booking.example/lakeside"


def test_without_a_booking_system_the_button_is_the_default_call_to_actions(client, site_tree):
    call_to_action = site_tree.call_to_action
    call_to_action.button_label = "Ask for a first visit"
    call_to_action.save_revision().publish()

    book = parse(client.get("/")).select_one(".site-header__actions a.button")

    assert (book.get_text(strip=True), book["href"]) == ("Ask for a first visit", "/contact/")


def test_with_nowhere_to_book_there_is_no_button(client, site_tree):
    # No booking system, and the default call to action's page is no longer live.
    site_tree.contact.unpublish()

    header = parse(client.get("/")).find("header")

    assert header.select(".site-header__actions a.button") == []
    assert header.find("a", href=site_tree.settings.phone_href) is not None


def test_the_menu_ends_with_the_client_portal_when_there_is_one(client, site_tree):
    site_tree.settings.client_portal_url = "https://portal.example/lakeside"
    site_tree.settings.save()

    soup = parse(client.get("/"))

    for menu in soup.select("header nav .main-menu__list"):
        last = menu.find_all("a")[-1]
        assert (last.get_text(strip=True), last["href"]) == (
            "Client portal",
            "https://portal.example/lakeside",
        )


def test_the_short_name_is_there_for_narrow_screens(client, site_tree):
    site_tree.settings.short_name = "Lakeside"
    site_tree.settings.save()

    home_link = parse(client.get("/")).find("a", class_="site-header__home")

    assert home_link.find(class_="site-header__full-name").get_text() == "Lakeside Mood Clinic"
    assert home_link.find(class_="site-header__short-name").get_text() == "Lakeside"
