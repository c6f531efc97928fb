"""The initial treatments, clinicians and notices: they render, and their wording follows
the practice's clinical and legal guidance (docs/domain.md) until editors replace it."""

import json

import pytest

from tests.html import parse, visible_text

pytestmark = pytest.mark.django_db

TREATMENT_URLS = [
    "/treatments/psychotherapy/",
    "/treatments/medication-management/",
    "/treatments/tms/",
    "/treatments/esketamine/",
    "/treatments/ketamine/",
    "/treatments/ect/",
]
NOTICE_URLS = {
    "/notice-of-privacy-practices/": "HIPAA Notice of Privacy Practices",
    "/privacy-policy/": "Website privacy policy",
    "/good-faith-estimate/": "Good Faith Estimate",
    "/fees-and-insurance/": "Fees and insurance",
    "/telehealth/": "Telehealth",
    "/accessibility/": "Accessibility statement",
    "/medical-disclaimer/": "Not medical advice",
}


@pytest.mark.parametrize(
    "url", ["/treatments/", "/team/", *TREATMENT_URLS, "/team/demo-psychiatrist/"]
)
def test_each_seeded_practice_page_renders(client, site_content, url):
    response = client.get(url)
    assert response.status_code == 200
    assert len(parse(response).find_all("h1")) == 1


def test_tms_is_never_called_fda_approved(client, site_content):
    text = visible_text(client.get("/treatments/tms/"))
    assert "FDA-cleared" in text
    assert "FDA-approved" not in text


def test_esketamine_page_gives_the_rems_rules(client, site_content):
    text = visible_text(client.get("/treatments/esketamine/"))
    assert "certified" in text
    assert "at least 2 hours" in text
    assert "never taken home" in text


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/treatments/psychotherapy/", "PsychologicalTreatment"),
        ("/treatments/tms/", "TherapeuticProcedure"),
        ("/treatments/esketamine/", "Drug"),
    ],
)
def test_seeded_treatments_tell_search_engines_their_kind(client, site_content, url, expected):
    script = parse(client.get(url)).find("script", type="application/ld+json")
    nodes = {node["@type"]: node for node in json.loads(script.string)["@graph"]}
    assert nodes["MedicalWebPage"]["about"]["@type"] == expected


def test_footer_links_reach_every_notice(client, site_content):
    footer_nav = parse(client.get("/")).find("nav", attrs={"aria-label": "Footer"})
    links = {a["href"]: a.get_text(strip=True) for a in footer_nav.find_all("a")}

    for url, title in NOTICE_URLS.items():
        assert links.get(url) == title, url
        response = client.get(url)
        assert response.status_code == 200
        assert parse(response).h1.get_text(strip=True) == title


def test_notices_are_marked_for_counsel_review(client, site_content):
    for url in NOTICE_URLS:
        assert "counsel must review" in visible_text(client.get(url)), url


def test_good_faith_estimate_gives_the_dispute_threshold_and_cms_contacts(client, site_content):
    text = visible_text(client.get("/good-faith-estimate/"))
    assert "$400" in text
    assert "www.cms.gov/nosurprises" in text
    assert "1-800-985-3059" in text
