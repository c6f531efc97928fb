"""Staff can open the editor for every page type, the settings and the snippets."""

import pytest

from tests.factories import SiteTree

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page_type", SiteTree.PAGE_TYPES)
def test_every_page_type_opens_in_the_editor(admin_client, site_tree, page_type):
    page = site_tree.page(page_type)

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
def test_settings_and_calls_to_action_open_in_the_admin(admin_client, site_tree, url):
    cta = site_tree.call_to_action

    response = admin_client.get(url.format(site=site_tree.site.pk, cta=cta.pk))

    assert response.status_code == 200


def test_contact_page_previews_both_the_form_and_the_thank_you_page(rf, admin_user, site_tree):
    page = site_tree.contact
    request = rf.get("/")
    request.user = admin_user
    expected = {"form": 'class="contact-form"', "landing": "Thank you for getting in touch"}
    for mode, marker in expected.items():
        response = page.make_preview_request(request, mode)
        assert response.status_code == 200, mode
        response.render()
        assert marker in response.content.decode(), mode
