"""The site names its configured address everywhere, whatever Host header a request carries.

`make run PORT=8123` sets WAGTAILADMIN_BASE_URL=http://127.0.0.1:8123 and loads the
initial content; these tests do the same in-process and then ask with another Host.
"""

import time
import xml.etree.ElementTree as ET

import feedparser
import pytest

from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from wagtail.models import Site

from practice_site.content import forms as contact_forms
from practice_site.content.models import PracticeSettings
from tests.html import parse

pytestmark = pytest.mark.django_db

ADDRESS = "http://127.0.0.1:8123"
OTHER_HOST = "other.example"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def configured_site(site_content):
    with override_settings(WAGTAILADMIN_BASE_URL=ADDRESS):
        call_command("load_initial_data", verbosity=0)
        yield Site.objects.get(is_default_site=True)


def test_load_initial_data_gives_the_default_site_the_configured_address(configured_site):
    assert (configured_site.hostname, configured_site.port) == ("127.0.0.1", 8123)
    assert configured_site.root_url == ADDRESS


def test_load_initial_data_names_the_address_it_set(site_content, capsys):
    with override_settings(WAGTAILADMIN_BASE_URL="https://www.riverbend-clinic.com"):
        call_command("load_initial_data")

    assert "created  site address https://www.riverbend-clinic.com" in capsys.readouterr().out
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("www.riverbend-clinic.com", 443)


def test_every_sitemap_url_names_the_configured_address(client, configured_site):
    response = client.get("/sitemap.xml", HTTP_HOST=OTHER_HOST)

    assert response.status_code == 200
    sitemap = ET.fromstring(response.content)  # noqa: S314 - the site's own response
    locations = [loc.text for loc in sitemap.findall("s:url/s:loc", SITEMAP_NS)]
    assert len(locations) > 10
    assert all(url.startswith(ADDRESS + "/") for url in locations), locations


@pytest.mark.parametrize("path", ["/blog/feed/", "/blog/feed/atom/"])
def test_every_feed_link_names_the_configured_address(client, configured_site, path):
    response = client.get(path, HTTP_HOST=OTHER_HOST)

    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    links = [feed.feed.link] + [entry.link for entry in feed.entries]
    links += [link["href"] for entry in feed.entries for link in entry.get("links", [])]
    assert len(feed.entries) >= 4
    assert all(link.startswith(ADDRESS + "/") for link in links), links
    assert OTHER_HOST not in response.content.decode()


@pytest.mark.parametrize("path", ["/", "/blog/treatment-resistant-depression/", "/team/"])
def test_canonical_link_and_json_ld_name_the_configured_address(client, configured_site, path):
    response = client.get(path, HTTP_HOST=OTHER_HOST)

    assert response.status_code == 200
    soup = parse(response)
    assert soup.find("link", rel="canonical")["href"] == ADDRESS + path
    assert soup.find("meta", property="og:url")["content"] == ADDRESS + path
    json_ld = soup.find("script", type="application/ld+json").string
    assert ADDRESS + "/" in json_ld
    assert OTHER_HOST not in response.content.decode()


def test_robots_and_security_txt_name_the_configured_address(client, configured_site):
    robots = client.get("/robots.txt", HTTP_HOST=OTHER_HOST).content.decode()
    security = client.get("/.well-known/security.txt", HTTP_HOST=OTHER_HOST).content.decode()

    assert f"Sitemap: {ADDRESS}/sitemap.xml" in robots
    assert f"Canonical: {ADDRESS}/.well-known/security.txt" in security


def test_staff_notification_email_links_to_the_configured_address(
    client, configured_site, django_capture_on_commit_callbacks
):
    practice = PracticeSettings.for_site(configured_site)
    practice.notification_emails = "frontdesk@practice.example"
    practice.save()
    started = contact_forms._signer.sign(str(time.time() - 30))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/contact/",
            {
                "name": "Alex Example",
                "contact_method": "phone",
                "phone": "(917) 555-0182",
                "email": "",
                "best_time": "Evening",
                "service": "TMS",
                "consent": "on",
                "website": "",
                "form_started": started,
            },
            HTTP_HOST=OTHER_HOST,
        )

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert f"{ADDRESS}/admin/forms/submissions/" in body
    assert OTHER_HOST not in body
