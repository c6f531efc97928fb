"""Editors make the site theirs in Settings: crisis wording, menus, a second site."""

import datetime
from io import StringIO

import pytest

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from wagtail.contrib.forms.models import FormSubmission

from practice_site.content.models import PracticeSettings
from tests.factories import (
    CallToActionFactory,
    ContactPageFactory,
    HomePageFactory,
    PracticeSettingsFactory,
    SiteFactory,
)
from tests.html import parse, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def every_page_type(site_tree) -> list[str]:
    return [
        "/",
        site_tree.blog.url,
        site_tree.posts[0].url,
        site_tree.privacy_policy.url,
        site_tree.treatments[0].url,
        site_tree.clinicians[0].url,
        site_tree.contact.url,
        f"{site_tree.contact.url}thank-you/",
        "/no-such-page/",
    ]


@pytest.fixture
def practice_settings(site_tree):
    return site_tree.settings


def test_crisis_wording_is_editable_and_shown_on_every_page(
    client, practice_settings, every_page_type
):
    practice_settings.crisis_message = (
        '<p>Need help now? Call or text <a href="tel:988">988</a>. In an emergency call 911.</p>'
    )
    practice_settings.full_clean()
    practice_settings.save()

    for url in every_page_type:
        crisis = parse(client.get(url)).find("aside", class_="crisis-line")
        assert "Need help now?" in crisis.get_text(), url


def test_crisis_wording_without_an_emergency_number_is_refused(practice_settings):
    practice_settings.crisis_message = "<p>Call or text 988 any time.</p>"

    with pytest.raises(ValidationError) as error:
        practice_settings.full_clean()

    assert "Missing: 911." in str(error.value.message_dict["crisis_message"])


@pytest.mark.parametrize(
    ("wording", "missing"),
    [
        pytest.param(
            '<p>Chat at <a href="https://988lifeline.org/">988lifeline.org</a>. In an emergency '
            "call 911.</p>",
            "988",
            id="only-the-lifelines-web-address",
        ),
        pytest.param("<p>In an emergency call 911.</p>", "988", id="no-lifeline"),
        pytest.param("<p>We are here for you.</p>", "988 and 911", id="neither"),
    ],
)
def test_crisis_wording_without_the_988_lifeline_is_refused(practice_settings, wording, missing):
    practice_settings.crisis_message = wording

    with pytest.raises(ValidationError) as error:
        practice_settings.full_clean()

    assert f"Missing: {missing}." in str(error.value.message_dict["crisis_message"])


def test_crisis_line_is_on_by_default_with_the_lifeline_and_911(client, every_page_type):
    for url in every_page_type:
        crisis = parse(client.get(url)).find("aside", class_="crisis-line")
        assert crisis.find("a", href="tel:988") is not None, url
        assert crisis.find("a", href="tel:911") is not None, url
        assert "988 Suicide & Crisis Lifeline" in crisis.get_text()


def test_settings_edit_view_has_tabs(admin_client, site_tree):
    response = admin_client.get(
        f"/admin/settings/practice_site/practicesettings/{site_tree.site.pk}/"
    )

    assert response.status_code == 200
    html = response.content.decode()
    for tab in (
        "Practice",
        "Contact",
        "Calls to action and sharing",
        "Crisis line",
        "Contact form and notices",
    ):
        assert f">{tab}<" in html or f"{tab}\n" in html, tab


def test_every_practice_fact_follows_settings_on_every_page(
    client, site_tree, practice_settings, every_page_type
):
    old = parse(client.get(site_tree.contact.url))
    old_values = [
        practice_settings.practice_name,
        practice_settings.phone,
        practice_settings.email,
        practice_settings.street_address,
    ]
    assert all(value in old.get_text() for value in old_values)

    practice_settings.practice_name = "Riverbend Mood Clinic"
    practice_settings.short_name = "Riverbend"
    practice_settings.phone = "(312) 555-0199"
    practice_settings.email = "office@riverbend.example"
    practice_settings.street_address = "9 Lake Shore Drive"
    practice_settings.save()

    for url in every_page_type:
        text = visible_text(client.get(url))
        assert "Riverbend Mood Clinic" in text, url
        assert "(312) 555-0199" in text, url
        assert "office@riverbend.example" in text, url
        for value in old_values:
            assert value not in text, (url, value)


class TestNavigation:
    def test_header_menu_lists_the_menu_pages_in_order(self, client, site_tree):
        wide = parse(client.get("/")).find("nav", class_="main-menu--wide")

        assert [(a["href"], a.get_text(strip=True)) for a in wide.find_all("a")] == [
            (page.url, page.title)
            for page in (
                site_tree.treatment_index,
                site_tree.team,
                site_tree.blog,
                site_tree.contact,
            )
        ]

    def test_header_menu_marks_the_current_page(self, client, site_tree):
        soup = parse(client.get("/blog/"))
        wide = soup.find("nav", class_="main-menu--wide")
        assert wide.find("a", href="/blog/")["aria-current"] == "page"
        assert not wide.find("a", href="/contact/").has_attr("aria-current")

    def test_section_link_is_marked_on_pages_inside_it(self, client, site_tree):
        soup = parse(client.get(site_tree.posts[0].url))
        assert (
            soup.find("nav", class_="main-menu--wide").find("a", href="/blog/")["aria-current"]
            == "true"
        )

    def test_narrow_screen_menu_is_a_disclosure_that_needs_no_javascript(self, client, site_tree):
        soup = parse(client.get("/"))
        details = soup.find("details", class_="main-menu--narrow")
        assert details.summary.get_text(strip=True) == "Menu"
        assert details.find("a", href="/blog/") is not None
        # The one script is the theme toggle's, which the menu does not need.
        scripts = [s for s in soup.find_all("script") if s.get("type") != "application/ld+json"]
        assert [s["src"] for s in scripts] == ["/static/js/theme.js"]

    def test_editors_set_the_links_and_their_order(self, client, site_tree):
        nav = site_tree.navigation
        privacy = site_tree.privacy_policy
        nav.header_links = [
            {"type": "link", "value": {"page": privacy.pk, "url": "", "label": "Privacy"}},
            {
                "type": "link",
                "value": {"page": None, "url": "https://portal.example/", "label": "Portal"},
            },
        ]
        nav.save()

        wide = parse(client.get("/")).find("nav", class_="main-menu--wide")

        assert [(a["href"], a.get_text()) for a in wide.find_all("a")] == [
            ("/privacy-policy/", "Privacy"),
            ("https://portal.example/", "Portal"),
        ]

    def test_footer_links_reach_the_privacy_policy_and_contact_page(self, client, site_tree):
        footer = parse(client.get("/")).find("footer", class_="site-footer")
        hrefs = [
            a["href"] for a in footer.find("nav", attrs={"aria-label": "Footer"}).find_all("a")
        ]
        assert hrefs == [
            page.url
            for page in (site_tree.privacy_notice, site_tree.privacy_policy, site_tree.contact)
        ]
        for href in hrefs:
            assert client.get(href).status_code == 200

    def test_unpublished_page_drops_out_of_the_menu(self, client, site_tree):
        site_tree.contact.unpublish()

        wide = parse(client.get("/")).find("nav", class_="main-menu--wide")

        assert wide.find("a", href="/contact/") is None


@pytest.fixture
def second_site(site_tree):
    home = HomePageFactory(title="Second home", intro="Another practice.")
    contact = ContactPageFactory(parent=home, title="Contact the second practice")
    site = SiteFactory(hostname="other.example", root_page=home, is_default_site=False)
    cta = CallToActionFactory(
        name="Second CTA",
        heading="Talk to the second practice",
        button_label="Write to us",
        link_page=contact,
    )
    PracticeSettingsFactory(
        site=site,
        practice_name="Second Practice of Elm Street",
        phone="(718) 555-0123",
        email="hello@second.example",
        default_call_to_action=cta,
    )
    return site


def test_second_site_shows_its_own_name_contacts_and_call_to_action(
    client, site_tree, second_site
):
    other = client.get("/", HTTP_HOST="other.example")
    default = client.get("/")

    other_text = visible_text(other)
    assert "Second Practice of Elm Street" in other_text
    assert "(718) 555-0123" in other_text
    assert "hello@second.example" in other_text
    assert "Talk to the second practice" in other_text
    assert site_tree.settings.practice_name not in other_text
    assert site_tree.settings.phone not in other_text

    default_text = visible_text(default)
    assert "Second Practice" not in default_text
    assert site_tree.call_to_action.heading in default_text


class TestPurgeFormSubmissions:
    def make_submission(self, page, days_old):
        submission = FormSubmission.objects.create(page=page, form_data={"name": "x"})
        FormSubmission.objects.filter(pk=submission.pk).update(
            submit_time=timezone.now() - datetime.timedelta(days=days_old)
        )
        return submission

    def test_deletes_only_submissions_older_than_the_retention_period(self, site_tree):
        contact = site_tree.contact
        assert site_tree.settings.inquiry_retention_days == 90
        old = self.make_submission(contact, days_old=91)
        recent = self.make_submission(contact, days_old=89)

        out = StringIO()
        call_command("purge_form_submissions", stdout=out)

        remaining = set(FormSubmission.objects.values_list("pk", flat=True))
        assert remaining == {recent.pk}
        assert old.pk not in remaining
        assert "Deleted 1 submission(s) in all." in out.getvalue()

    def test_retention_period_comes_from_each_sites_settings(self, site_tree, second_site):
        PracticeSettings.objects.filter(site=second_site).update(inquiry_retention_days=30)
        first_contact = site_tree.contact
        second_contact = second_site.root_page.get_children().get(slug="contact")
        kept_on_first = self.make_submission(first_contact, days_old=45)
        self.make_submission(second_contact, days_old=45)

        call_command("purge_form_submissions", stdout=StringIO())

        assert list(FormSubmission.objects.values_list("pk", flat=True)) == [kept_on_first.pk]

    def test_dry_run_deletes_nothing(self, site_tree):
        self.make_submission(site_tree.contact, days_old=400)

        out = StringIO()
        call_command("purge_form_submissions", "--dry-run", stdout=out)

        assert FormSubmission.objects.count() == 1
        assert "Would delete 1 submission(s) in all." in out.getvalue()
