"""Staff can open the editor for every page type, the settings and the snippets."""

import pytest

from wagtail.models import Page

from practice_site.content.models import CallToAction

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "slug", ["home", "contact", "privacy-policy", "blog", "treatment-resistant-depression"]
)
def test_every_seeded_page_type_opens_in_the_editor(admin_client, site_content, slug):
    page = Page.objects.get(slug=slug)

    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")

    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/admin/settings/practice_site/practicesettings/{site}/",
        "/admin/settings/practice_site/navigationsettings/{site}/",
        "/admin/snippets/practice_site/calltoaction/",
        "/admin/snippets/practice_site/calltoaction/add/",
        "/admin/snippets/practice_site/calltoaction/edit/{cta}/",
    ],
)
def test_settings_and_calls_to_action_open_in_the_admin(admin_client, site_content, url):
    cta = CallToAction.objects.get()

    response = admin_client.get(url.format(site=site_content.pk, cta=cta.pk))

    assert response.status_code == 200


def test_contact_page_previews_both_the_form_and_the_thank_you_page(rf, admin_user, site_content):
    page = Page.objects.get(slug="contact").specific
    request = rf.get("/")
    request.user = admin_user
    expected = {"form": 'class="contact-form"', "landing": "Thank you for getting in touch"}
    for mode, marker in expected.items():
        response = page.make_preview_request(request, mode)
        assert response.status_code == 200, mode
        response.render()
        assert marker in response.content.decode(), mode
