"""Calls to action: the site default, inheritance, per-page choice, hiding, and the block."""

import pytest

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from practice_site.content.models import CallToAction
from tests.factories import (
    BlogPageFactory,
    CallToActionFactory,
    StandardPageFactory,
    paragraph,
)
from tests.html import parse

pytestmark = pytest.mark.django_db


def make_cta(site_tree, name, *, publish=True, **fields):
    """A call to action saved in the snippet editor: published, or left a draft."""
    return CallToActionFactory(
        name=name, link_page=site_tree.contact, live=publish, with_revision=True, **fields
    )


def page_cta_headings(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return [h.get_text(strip=True) for h in parse(response).select(".cta .cta__heading")]


@pytest.fixture
def tree(site_tree):
    home = site_tree.home
    parent = StandardPageFactory(parent=home, title="Services", slug="services")
    child = StandardPageFactory(parent=parent, title="TMS", slug="tms")
    grandchild = StandardPageFactory(parent=child, title="TMS costs", slug="costs")
    return parent, child, grandchild


def test_site_default_shows_on_a_page_that_chooses_none(client, site_tree, tree):
    assert page_cta_headings(client, "/services/") == [site_tree.call_to_action.heading]


def test_page_inherits_its_nearest_ancestors_choice(client, site_tree, tree):
    parent, _, _ = tree
    parent.call_to_action = make_cta(site_tree, "Book TMS")
    parent.save_revision().publish()

    assert page_cta_headings(client, "/services/tms/costs/") == ["Book TMS heading"]


def test_page_can_choose_another(client, site_tree, tree):
    parent, child, _ = tree
    parent.call_to_action = make_cta(site_tree, "Book TMS")
    parent.save_revision().publish()
    child.call_to_action = make_cta(site_tree, "Ask about costs")
    child.save_revision().publish()

    assert page_cta_headings(client, "/services/tms/") == ["Ask about costs heading"]
    assert page_cta_headings(client, "/services/tms/costs/") == ["Ask about costs heading"]


def test_page_can_hide_it_without_hiding_it_below(client, site_tree, tree):
    _, child, _ = tree
    child.hide_call_to_action = True
    child.save_revision().publish()

    assert page_cta_headings(client, "/services/tms/") == []
    assert page_cta_headings(client, "/services/tms/costs/") == [site_tree.call_to_action.heading]


def test_unpublished_call_to_action_is_not_shown(client, site_tree, tree):
    parent, _, _ = tree
    parent.call_to_action = make_cta(site_tree, "Draft offer", publish=False)
    parent.save_revision().publish()

    assert page_cta_headings(client, "/services/") == []


def test_block_places_a_chosen_or_the_default_call_to_action_in_content(client, site_tree):
    chosen = make_cta(site_tree, "Call us")
    page = StandardPageFactory(
        parent=site_tree.home,
        slug="with-blocks",
        body=[
            {"type": "paragraph", "value": "<p>Text.</p>"},
            {"type": "cta", "value": {"call_to_action": chosen.pk}},
            {"type": "cta", "value": {"call_to_action": None}},
        ],
    )
    assert page.live

    headings = page_cta_headings(client, "/with-blocks/")

    # Both blocks render; the page-level one is not repeated below them.
    assert headings == ["Call us heading", site_tree.call_to_action.heading]


def test_a_post_ending_with_the_block_shows_the_call_to_action_once(client, site_tree):
    post = BlogPageFactory(
        parent=site_tree.blog,
        body=[paragraph("<p>Text.</p>"), {"type": "cta", "value": {"call_to_action": None}}],
    )

    soup = parse(client.get(post.url))

    prose = soup.find("div", class_="prose")
    last = prose.find_all(recursive=False)[-1]
    assert "cta" in last["class"]
    assert last.find("a", class_="button")["href"] == site_tree.contact.url
    assert len(soup.select(".cta")) == 1


def test_call_to_action_needs_exactly_one_link(site_tree):
    contact = site_tree.contact
    both = CallToAction(
        name="x", heading="x", button_label="x", link_page=contact, link_url="https://a.example"
    )
    neither = CallToAction(name="x", heading="x", button_label="x")
    for cta in (both, neither):
        with pytest.raises(ValidationError):
            cta.full_clean()


def test_call_to_action_has_a_preview(site_tree):
    cta = make_cta(site_tree, "Preview me", publish=False)
    request = RequestFactory().get("/")
    request.user = AnonymousUser()

    response = cta.serve_preview(request, cta.default_preview_mode)

    assert response.status_code == 200
    assert "Preview me heading" in response.rendered_content


def test_call_to_action_phone_is_a_tel_link(client, site_tree, tree):
    parent, _, _ = tree
    parent.call_to_action = make_cta(site_tree, "Phone", phone="(646) 555-0111")
    parent.save_revision().publish()

    soup = parse(client.get("/services/"))

    assert soup.select_one(".cta a.cta__phone")["href"] == "tel:+16465550111"
