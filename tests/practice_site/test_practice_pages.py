"""Treatments, clinicians and the home page, as a visitor deciding whether to call."""

import json

import pytest

from django.core.exceptions import ValidationError

from practice_site.content.models import RegulatoryStatus
from practice_site.content.models.treatments import REGULATORY_EXPLANATIONS, TreatmentSchemaType
from practice_site.content.validators import validate_npi
from tests.factories import (
    BlogIndexPageFactory,
    BlogPageFactory,
    HomePageFactory,
    SiteFactory,
    TreatmentPageFactory,
    blog_author,
)
from tests.html import parse, visible_text

pytestmark = pytest.mark.django_db


def json_ld_nodes(response) -> dict:
    script = parse(response).find("script", type="application/ld+json")
    nodes = {}
    for node in json.loads(script.string)["@graph"]:
        nodes[node["@type"]] = node
    return nodes


@pytest.mark.parametrize("status", list(RegulatoryStatus))
def test_regulatory_badge_and_explanation_match_the_field(client, site_tree, status):
    page = TreatmentPageFactory(parent=site_tree.treatment_index, regulatory_status=status)

    box = parse(client.get(page.url)).find(class_="regulatory")

    assert box.find(class_="badge").get_text(strip=True) == status.label
    assert (
        box.find(class_="regulatory__explanation").get_text(strip=True)
        == (REGULATORY_EXPLANATIONS[status])
    )


def test_changing_the_status_changes_the_badge(client, site_tree):
    page = TreatmentPageFactory(
        parent=site_tree.treatment_index, regulatory_status=RegulatoryStatus.OFF_LABEL
    )
    page.regulatory_status = RegulatoryStatus.FDA_APPROVED_DRUG
    page.save_revision().publish()

    badge = parse(client.get(page.url)).select_one(".regulatory .badge")

    assert badge.get_text(strip=True) == "FDA-approved drug"


def test_treatment_page_lists_related_posts_and_its_clinicians(client, site_tree):
    treatment = site_tree.treatments[0]  # The first post carries its tag.
    untagged = site_tree.posts[1]

    soup = parse(client.get(treatment.url))

    posts = soup.find("section", class_="related-posts")
    assert posts.find("a", href=site_tree.posts[0].url) is not None
    assert posts.find("a", href=untagged.url) is None
    # Both clinicians offer the first treatment; only the psychiatrist the second.
    for clinician in site_tree.clinicians:
        assert soup.find("a", href=clinician.url) is not None
    second = parse(client.get(site_tree.treatments[1].url))
    assert second.find("a", href=site_tree.therapist.url) is None


def test_lists_of_posts_stay_on_their_own_site(client, site_tree):
    """Tags, categories and clinician profiles are shared by every site in the admin;
    another practice's newer post on the same subject, by the same clinician, shows on
    none of this site's pages."""
    other_home = HomePageFactory(title="Another practice")
    SiteFactory(hostname="other.example", root_page=other_home, is_default_site=False)
    BlogPageFactory(
        parent=BlogIndexPageFactory(parent=other_home),
        title="A post of another practice",
        tags=[site_tree.treatments[0].related_posts_tag],
        categories=[site_tree.category],
        authors=[blog_author(site_tree.prescriber)],
    )
    # Each page, and the post of this site its list shows.
    lists = [
        (site_tree.treatments[0], site_tree.posts[0]),  # tagged with the treatment
        (site_tree.prescriber, site_tree.posts[0]),  # written by the clinician
        (site_tree.posts[0], site_tree.posts[1]),  # related: the same category
    ]

    for page, own_post in lists:
        text = visible_text(client.get(page.url))
        assert own_post.title in text, page.url
        assert "A post of another practice" not in text, page.url


def test_clinician_profile_lists_posts_treatments_and_license(client, site_tree):
    clinician = site_tree.prescriber

    soup = parse(client.get(clinician.url))
    text = soup.get_text(" ", strip=True)

    assert soup.h1.get_text(strip=True) == f"{clinician.title}, {clinician.degree}"
    assert f"License {clinician.license_type}, number {clinician.license_number}" in text
    assert clinician.npi in text
    for treatment in site_tree.treatments:
        assert soup.find("a", href=treatment.url) is not None
    assert soup.find("a", href=site_tree.posts[0].url) is not None
    assert soup.find("a", href=site_tree.posts[1].url) is None


def test_therapist_profile_shows_no_npi(client, site_tree):
    text = parse(client.get(site_tree.therapist.url)).get_text(" ", strip=True)
    assert "NPI" not in text


def test_post_author_links_to_the_clinician_profile(client, site_tree):
    clinician = site_tree.therapist
    post = BlogPageFactory(parent=site_tree.blog, authors=[blog_author(clinician)])

    meta = parse(client.get(post.url)).select_one(".article__meta")

    assert meta.find("a", href=clinician.url).get_text() == clinician.title


def test_home_page_links_the_hipaa_notice_by_name(client, site_tree):
    link = parse(client.get("/")).find("main").find("a", href=site_tree.privacy_notice.url)
    assert link.get_text(strip=True) == "HIPAA Notice of Privacy Practices"


def test_home_page_sections_are_editor_controlled(client, site_tree):
    home = site_tree.home
    soup = parse(client.get("/"))
    assert soup.find(id="home-treatments-heading").get_text() == "Treatments we offer"
    assert soup.find(id="home-clinicians-heading") is not None
    assert soup.find(id="home-posts-heading") is not None
    for page in [*site_tree.treatments, *site_tree.clinicians]:
        assert soup.find("main").find("a", href=page.url) is not None, page.url

    home.treatments_heading = "What we can help with"
    home.clinicians_heading = ""
    home.save_revision().publish()

    soup = parse(client.get("/"))
    assert soup.find(id="home-treatments-heading").get_text() == "What we can help with"
    assert soup.find(id="home-clinicians-heading") is None
    assert soup.find("main").find("a", href=site_tree.therapist.url) is None


class TestStructuredData:
    @pytest.mark.parametrize("schema_type", list(TreatmentSchemaType))
    def test_treatment_is_a_medical_web_page_about_the_right_type(
        self, client, site_tree, schema_type
    ):
        page = TreatmentPageFactory(parent=site_tree.treatment_index, schema_type=schema_type)

        web_page = json_ld_nodes(client.get(page.url))["MedicalWebPage"]

        assert web_page["about"]["@type"] == schema_type.value
        assert web_page["about"]["name"] == page.title

    def test_prescriber_is_an_individual_physician_with_npi(self, client, site_tree):
        clinician = site_tree.prescriber

        nodes = json_ld_nodes(client.get(clinician.url))
        person = nodes["ProfilePage"]["mainEntity"]

        assert person["@type"] == "IndividualPhysician"
        assert person["usNPI"] == clinician.npi
        assert {c["credentialCategory"] for c in person["hasCredential"]} == {"degree", "license"}
        assert person["worksFor"]["@id"] == nodes["MedicalClinic"]["@id"]
        assert nodes["MedicalClinic"]["name"] == site_tree.settings.practice_name

    def test_therapist_is_a_person_with_credentials(self, client, site_tree):
        clinician = site_tree.therapist

        person = json_ld_nodes(client.get(clinician.url))["ProfilePage"]["mainEntity"]

        assert person["@type"] == "Person"
        assert "usNPI" not in person
        assert person["hasCredential"][0]["name"] == clinician.degree

    def test_practice_links_its_clinicians(self, client, site_tree):
        clinic = json_ld_nodes(client.get("/"))["MedicalClinic"]
        assert {e["@id"] for e in clinic["employee"]} == {
            f"http://testserver{clinician.url}#person" for clinician in site_tree.clinicians
        }


class TestClinicianValidation:
    def test_npi_check_digit(self):
        validate_npi("1234567893")
        for bad in ["1234567890", "123456789", "12345678AB"]:
            with pytest.raises(ValidationError):
                validate_npi(bad)

    def test_prescriber_needs_an_npi(self, site_tree):
        clinician = site_tree.prescriber
        clinician.full_clean()
        clinician.npi = ""
        with pytest.raises(ValidationError) as error:
            clinician.full_clean()
        assert "npi" in error.value.message_dict
