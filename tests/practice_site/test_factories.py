"""The test factories make what an editor could publish, and the site tree is served alone."""

import pytest

from django.contrib.auth.models import Group

from wagtail.models import GroupPagePermission, Page, PageLogEntry, Site, WorkflowPage

from blog.models import BlogPage
from practice_site.editorial.roles import AUTHORS, CLINICAL_REVIEW
from tests.factories import (
    BlogPageFactory,
    CallToActionFactory,
    ClinicianPageFactory,
    ImageFactory,
    StandardPageFactory,
    TreatmentPageFactory,
)
from tests.html import parse

pytestmark = pytest.mark.django_db


def tree_pages(site_tree) -> list[Page]:
    return [
        site_tree.home,
        site_tree.contact,
        site_tree.privacy_policy,
        site_tree.privacy_notice,
        site_tree.blog,
        *site_tree.posts,
        site_tree.treatment_index,
        *site_tree.treatments,
        site_tree.team,
        *site_tree.clinicians,
    ]


def test_every_page_of_the_tree_is_valid_and_served_to_visitors(client, site_tree):
    for page in tree_pages(site_tree):
        page.full_clean()
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert parse(response).h1.get_text(strip=True), page.url
    site_tree.call_to_action.full_clean()


def test_the_tree_is_the_only_site_and_the_initial_content_is_out_of_reach(client, site_tree):
    assert list(Site.objects.all()) == [site_tree.site]
    assert Site.objects.get(is_default_site=True).root_page_id == site_tree.home.pk
    assert client.get("/").context["page"].pk == site_tree.home.pk
    # The initial content's article is still in the database, at no address.
    assert BlogPage.objects.filter(slug="treatment-resistant-depression").exists()
    assert client.get("/blog/treatment-resistant-depression/").status_code == 404
    assert site_tree.posts[0].url == f"/blog/{site_tree.posts[0].slug}/"


def test_the_tree_uses_the_factory_settings_not_the_demo_ones(client, site_tree):
    title = parse(client.get("/")).title.get_text()
    assert title.endswith(f"| {site_tree.settings.practice_name}")
    assert "Demo" not in site_tree.settings.practice_name


def test_published_pages_look_published_and_drafts_look_like_drafts(site_tree):
    post = BlogPageFactory(parent=site_tree.blog)
    draft = BlogPageFactory(parent=site_tree.blog, live=False)

    for page in (post, draft):
        page.refresh_from_db()
    assert post.live and post.first_published_at and not post.has_unpublished_changes
    assert post.live_revision_id == post.latest_revision_id is not None
    assert post.live_revision.as_object().title == post.title
    assert not draft.live and draft.first_published_at is None and draft.has_unpublished_changes
    assert draft.live_revision_id is None and draft.latest_revision_id is not None


def test_with_revision_publishes_through_wagtails_publish(site_tree):
    post = BlogPageFactory(parent=site_tree.blog, with_revision=True, tags=["Sleep"])
    draft = BlogPageFactory(parent=site_tree.blog, with_revision=True, live=False)

    assert post.live_revision_id == post.latest_revision_id is not None
    assert PageLogEntry.objects.filter(page=post, action="wagtail.publish").exists()
    assert list(post.tags.names()) == ["Sleep"]
    assert not draft.live and draft.latest_revision_id is not None
    assert not PageLogEntry.objects.filter(page=draft, action="wagtail.publish").exists()


def test_relations_are_saved_with_the_page(site_tree):
    post = site_tree.posts[0]
    stored = BlogPage.objects.get(pk=post.pk)

    assert list(stored.categories.all()) == [site_tree.category]
    assert list(stored.tags.names()) == [site_tree.treatments[0].related_posts_tag]
    assert [a.profile_page_id for a in stored.authors.all()] == [site_tree.prescriber.pk]
    assert set(site_tree.prescriber.treatments.all()) == set(site_tree.treatments)


def test_clinical_pages_can_carry_a_review(client, site_tree):
    reviewer = site_tree.prescriber
    post = BlogPageFactory(parent=site_tree.blog, reviewed=True, medical_reviewer=reviewer)
    treatment = TreatmentPageFactory(parent=site_tree.treatment_index, reviewed=True)

    assert post.has_medical_review and post.medical_reviewer_name == reviewer.name_with_degree
    assert treatment.has_medical_review
    line = parse(client.get(post.url)).select_one(".medical-review")
    assert line.find("a", href=reviewer.url).get_text() == reviewer.name_with_degree


def test_other_factories_make_valid_objects(site_tree):
    ClinicianPageFactory(parent=site_tree.team, prescriber=True).full_clean()
    StandardPageFactory(parent=site_tree.home).full_clean()
    CallToActionFactory().full_clean()
    CallToActionFactory(link_page=site_tree.contact).full_clean()
    image = ImageFactory()
    assert image.collection.is_root() and image.description


def test_staff_site_tree_gives_the_roles_their_rights_on_it(staff_site_tree):
    authors = Group.objects.get(name=AUTHORS)

    assert GroupPagePermission.objects.filter(group=authors, page=staff_site_tree.blog).exists()
    for page in (staff_site_tree.blog, staff_site_tree.treatment_index):
        assert WorkflowPage.objects.get(page=page).workflow.name == CLINICAL_REVIEW
