"""Treatments, clinicians, notices and the home page, as a visitor deciding whether to call."""

import json

import pytest

from django.core.exceptions import ValidationError

from wagtail.models import Page

from practice_site.content.models import (
    ClinicianPage,
    RegulatoryStatus,
    TreatmentPage,
)
from practice_site.content.models.treatments import REGULATORY_EXPLANATIONS
from practice_site.content.validators import validate_npi
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


def json_ld_nodes(response) -> dict:
    script = parse(response).find("script", type="application/ld+json")
    nodes = {}
    for node in json.loads(script.string)["@graph"]:
        nodes[node["@type"]] = node
    return nodes


@pytest.mark.parametrize(
    "url", ["/treatments/", "/team/", *TREATMENT_URLS, "/team/demo-psychiatrist/"]
)
def test_each_seeded_practice_page_renders(client, site_content, url):
    response = client.get(url)
    assert response.status_code == 200
    assert len(parse(response).find_all("h1")) == 1


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/treatments/tms/", RegulatoryStatus.FDA_CLEARED_DEVICE),
        ("/treatments/esketamine/", RegulatoryStatus.FDA_APPROVED_DRUG),
        ("/treatments/ketamine/", RegulatoryStatus.OFF_LABEL),
        ("/treatments/psychotherapy/", RegulatoryStatus.NOT_APPLICABLE),
    ],
)
def test_regulatory_badge_and_explanation_match_the_field(client, site_content, url, status):
    box = parse(client.get(url)).find(class_="regulatory")

    assert box.find(class_="badge").get_text(strip=True) == status.label
    assert (
        box.find(class_="regulatory__explanation").get_text(strip=True)
        == (REGULATORY_EXPLANATIONS[status])
    )


def test_changing_the_status_changes_the_badge(client, site_content):
    page = TreatmentPage.objects.get(slug="ketamine")
    page.regulatory_status = RegulatoryStatus.FDA_APPROVED_DRUG
    page.save_revision().publish()

    badge = parse(client.get("/treatments/ketamine/")).select_one(".regulatory .badge")

    assert badge.get_text(strip=True) == "FDA-approved drug"


def test_tms_is_never_called_fda_approved(client, site_content):
    text = visible_text(client.get("/treatments/tms/"))
    assert "FDA-cleared" in text
    assert "FDA-approved" not in text


def test_esketamine_page_gives_the_rems_rules(client, site_content):
    text = visible_text(client.get("/treatments/esketamine/"))
    assert "certified" in text
    assert "at least 2 hours" in text
    assert "never taken home" in text


def test_treatment_page_lists_related_posts_and_its_clinicians(client, site_content):
    soup = parse(client.get("/treatments/tms/"))

    posts = soup.find("section", class_="related-posts")
    assert posts.find("a", href="/blog/tms-for-treatment-resistant-depression/") is not None
    assert soup.find("a", href="/team/demo-psychiatrist/") is not None


def test_clinician_profile_lists_posts_treatments_and_license(client, site_content):
    soup = parse(client.get("/team/demo-psychiatrist/"))
    text = soup.get_text(" ", strip=True)

    assert soup.h1.get_text(strip=True) == "Dr. Demo Psychiatrist, MD"
    assert "License Physician (MD), number DEMO-000000" in text
    assert "1234567893" in text
    assert soup.find("a", href="/treatments/tms/") is not None
    assert soup.find("a", href="/blog/treatment-resistant-depression/") is not None


def test_post_author_links_to_the_clinician_profile(client, site_content):
    meta = parse(client.get("/blog/treatment-resistant-depression/")).select_one(".article__meta")
    assert meta.find("a", href="/team/demo-psychiatrist/").get_text() == "Dr. Demo Psychiatrist"


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


def test_home_page_links_the_hipaa_notice_by_name(client, site_content):
    link = parse(client.get("/")).find("main").find("a", href="/notice-of-privacy-practices/")
    assert link.get_text(strip=True) == "HIPAA Notice of Privacy Practices"


def test_good_faith_estimate_gives_the_dispute_threshold_and_cms_contacts(client, site_content):
    text = visible_text(client.get("/good-faith-estimate/"))
    assert "$400" in text
    assert "www.cms.gov/nosurprises" in text
    assert "1-800-985-3059" in text


def test_home_page_sections_are_editor_controlled(client, site_content):
    home = Page.objects.get(depth=2).specific
    soup = parse(client.get("/"))
    assert soup.find(id="home-treatments-heading").get_text() == "Treatments we offer"
    assert soup.find(id="home-clinicians-heading") is not None
    assert soup.find(id="home-posts-heading") is not None

    home.treatments_heading = "What we can help with"
    home.clinicians_heading = ""
    home.save_revision().publish()

    soup = parse(client.get("/"))
    assert soup.find(id="home-treatments-heading").get_text() == "What we can help with"
    assert soup.find(id="home-clinicians-heading") is None


class TestStructuredData:
    def test_treatment_is_a_medical_web_page_about_the_right_type(self, client, site_content):
        for url, expected in [
            ("/treatments/psychotherapy/", "PsychologicalTreatment"),
            ("/treatments/tms/", "TherapeuticProcedure"),
            ("/treatments/esketamine/", "Drug"),
        ]:
            page = json_ld_nodes(client.get(url))["MedicalWebPage"]
            assert page["about"]["@type"] == expected, url

    def test_prescriber_is_an_individual_physician_with_npi(self, client, practice_settings):
        nodes = json_ld_nodes(client.get("/team/demo-psychiatrist/"))
        person = nodes["ProfilePage"]["mainEntity"]

        assert person["@type"] == "IndividualPhysician"
        assert person["usNPI"] == "1234567893"
        assert {c["credentialCategory"] for c in person["hasCredential"]} == {"degree", "license"}
        assert person["worksFor"]["@id"] == nodes["MedicalClinic"]["@id"]
        assert nodes["MedicalClinic"]["name"] == practice_settings.practice_name

    def test_therapist_is_a_person_with_credentials(self, client, site_content):
        person = json_ld_nodes(client.get("/team/demo-therapist/"))["ProfilePage"]["mainEntity"]
        assert person["@type"] == "Person"
        assert "usNPI" not in person
        assert person["hasCredential"][0]["name"] == "LCSW"

    def test_practice_links_its_clinicians(self, client, site_content):
        clinic = json_ld_nodes(client.get("/"))["MedicalClinic"]
        assert {e["@id"] for e in clinic["employee"]} == {
            "http://testserver/team/demo-psychiatrist/#person",
            "http://testserver/team/demo-therapist/#person",
        }


class TestClinicianValidation:
    def test_npi_check_digit(self):
        validate_npi("1234567893")
        for bad in ["1234567890", "123456789", "12345678AB"]:
            with pytest.raises(ValidationError):
                validate_npi(bad)

    def test_prescriber_needs_an_npi(self, site_content):
        clinician = ClinicianPage.objects.get(slug="demo-psychiatrist")
        clinician.npi = ""
        with pytest.raises(ValidationError) as error:
            clinician.full_clean()
        assert "npi" in error.value.message_dict
