"""What staff see in the editor: checkbox lists, and no controls that change nothing."""

import json

import pytest

from practice_site.content.models import TreatmentPage
from practice_site.editorial.roles import EDITORS, SITE_ADMINISTRATORS
from tests.factories import SiteTree, staff_user
from tests.html import parse

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def find_field_blocks(node, name):
    """The telepath definitions of the StreamField field blocks called `name`."""
    found = []
    if isinstance(node, dict):
        args = node.get("_args")
        if node.get("_type", "").startswith("wagtail.blocks.") and args and args[0] == name:
            found.append(node)
        for value in node.values():
            found += find_field_blocks(value, name)
    elif isinstance(node, list):
        for value in node:
            found += find_field_blocks(value, name)
    return found


def test_opening_hours_days_are_checkboxes(client, staff_site_tree):
    client.force_login(staff_user("admin", SITE_ADMINISTRATORS, password=PASSWORD))

    response = client.get(
        f"/admin/settings/practice_site/practicesettings/{staff_site_tree.site.pk}/"
    )

    assert response.status_code == 200
    [hours_field] = [
        element
        for element in parse(response).select("[data-w-block-data-value]")
        if "Opening hours" in element["data-w-block-data-value"]
    ]
    [days] = find_field_blocks(json.loads(hours_field["data-w-block-data-value"]), "days")
    # The widget's HTML, which the admin copies for each row of hours.
    widget_html = json.dumps(days)
    for day in ("Monday", "Sunday"):
        assert f'<input type=\\"checkbox\\" name=\\"__NAME__\\" value=\\"{day}\\"' in widget_html
    assert "<select" not in widget_html


def test_clinician_treatments_are_checkboxes(client, staff_site_tree):
    client.force_login(staff_user("editor", EDITORS, password=PASSWORD))
    clinician = staff_site_tree.therapist  # offers one of the two treatments

    soup = parse(client.get(f"/admin/pages/{clinician.pk}/edit/"))

    boxes = soup.select('input[type="checkbox"][name="treatments"]')
    assert len(boxes) == TreatmentPage.objects.count() > 1
    assert {box["value"] for box in boxes if box.has_attr("checked")} == {
        str(staff_site_tree.treatments[0].pk)
    }
    assert soup.select('select[name="treatments"]') == []


# The site's menus come from Settings -> Navigation, so no page type offers
# Wagtail's "Show in menus" box.
@pytest.mark.parametrize("page_type", SiteTree.PAGE_TYPES)
def test_no_page_type_offers_show_in_menus(client, staff_site_tree, page_type):
    client.force_login(staff_user("editor", EDITORS, password=PASSWORD))
    page = staff_site_tree.page(page_type)

    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()

    assert 'id="tab-label-promote"' in html
    assert 'name="show_in_menus"' not in html
    assert "Show in menus" not in html
