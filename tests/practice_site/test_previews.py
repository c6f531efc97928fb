"""Previews through the admin's own preview views: framing headers, caching, and new pages.

The browser tests (tests/e2e/test_preview.py) show the side panel working;
these check the headers behind it and every page type before its first save.
"""

import re

import pytest

from django.apps import apps
from django.core.cache import cache
from django.urls import reverse

from wagtail.blocks.base import BlockField

from blog.models import BlogPage, BlogPageRelatedPost
from practice_site.content.models import StandardPage
from tests.factories import BlogCategoryFactory, BlogPageFactory

pytestmark = pytest.mark.django_db

# (page type, the site tree's page it is added under)
NEW_PAGE_PARENTS = [
    pytest.param("practice_site.StandardPage", "home", id="standard"),
    pytest.param("practice_site.StandardPage", "privacy_policy", id="standard-child"),
    pytest.param("practice_site.ContactPage", "home", id="contact"),
    pytest.param("practice_site.TreatmentIndexPage", "home", id="treatment-index"),
    pytest.param("practice_site.TreatmentPage", "treatment_index", id="treatment"),
    pytest.param("practice_site.TeamIndexPage", "home", id="team-index"),
    pytest.param("practice_site.ClinicianPage", "team", id="clinician"),
    pytest.param("blog.BlogIndexPage", "home", id="blog-index"),
    pytest.param("blog.BlogPage", "blog", id="blog-post"),
]


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    parts = (part.strip().partition(" ") for part in policy.split(";"))
    return {name: value for name, _, value in parts}


def form_data(page_model, parent, user, **fields) -> dict:
    """What the editor's form for a new page sends when only `fields` are filled in.

    Fields keep their initial values (a post's date), empty StreamFields send
    a block count of 0 and inline panels empty formsets, as the browser does.
    """
    form_class = page_model.get_edit_handler().get_form_class()
    form = form_class(instance=page_model(), parent_page=parent, for_user=user)
    data = initial_data(form)
    for formset in form.formsets.values():
        data.update(
            {
                f"{formset.prefix}-TOTAL_FORMS": "0",
                f"{formset.prefix}-INITIAL_FORMS": "0",
                f"{formset.prefix}-MIN_NUM_FORMS": "0",
                f"{formset.prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(fields)
    return data


def initial_data(form) -> dict:
    data = {}
    for bound_field in form:
        value = bound_field.value()
        if isinstance(bound_field.field, BlockField):
            data[f"{bound_field.name}-count"] = "0"
        elif value not in (None, False, [], ""):
            data[bound_field.name] = "on" if value is True else value
    return data


def preview(client, preview_url, data, **query):
    """Sends the form to the preview view, then loads the preview as the side panel does."""
    sent = client.post(preview_url, data)
    assert sent.status_code == 200
    assert sent.json()["is_valid"], sent.json()
    return client.get(preview_url, {"in_preview_panel": "true", **query})


def edit_preview_url(page) -> str:
    return reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])


@pytest.fixture
def privacy_policy(site_tree):
    return site_tree.privacy_policy


def test_public_pages_may_not_be_framed_but_their_preview_may_by_the_admin(
    admin_client, admin_user, privacy_policy
):
    public = admin_client.get(privacy_policy.url)
    data = form_data(
        StandardPage, privacy_policy.get_parent(), admin_user, title="A title not yet saved"
    )
    previewed = preview(admin_client, edit_preview_url(privacy_policy), data)

    assert directives(public)["frame-ancestors"] == "'none'"
    assert public["X-Frame-Options"] == "DENY"
    assert previewed.status_code == 200
    assert "<h1>A title not yet saved</h1>" in previewed.content.decode()
    assert directives(previewed)["frame-ancestors"].split()[0] == "'self'"
    assert previewed["X-Frame-Options"] == "SAMEORIGIN"
    # Otherwise the public policy: what works in the preview works on the site.
    assert directives(previewed)["script-src"] == "'self'"
    assert directives(previewed)["style-src"] == "'self'"
    assert "unsafe-inline" not in previewed["Content-Security-Policy"]


def test_the_admin_on_another_origin_may_frame_previews(
    admin_client, admin_user, privacy_policy, settings
):
    settings.WAGTAILADMIN_BASE_URL = "https://admin.practice.example"
    data = form_data(StandardPage, privacy_policy.get_parent(), admin_user, title="Draft")

    previewed = preview(admin_client, edit_preview_url(privacy_policy), data)

    assert directives(previewed)["frame-ancestors"] == "'self' https://admin.practice.example"
    assert directives(admin_client.get(privacy_policy.url))["frame-ancestors"] == "'none'"


def test_the_admin_on_the_sites_own_origin_is_just_self(
    admin_client, admin_user, privacy_policy, settings
):
    site = privacy_policy.get_site()
    settings.WAGTAILADMIN_BASE_URL = f"http://{site.hostname}:{site.port}"
    if site.port == 80:
        settings.WAGTAILADMIN_BASE_URL = f"http://{site.hostname}"
    data = form_data(StandardPage, privacy_policy.get_parent(), admin_user, title="Draft")

    previewed = preview(admin_client, edit_preview_url(privacy_policy), data)

    assert directives(previewed)["frame-ancestors"] == "'self'"


def test_the_draft_and_revision_previews_opened_in_a_tab_send_the_same_rule(
    admin_client, privacy_policy
):
    privacy_policy.title = "A saved draft"
    revision = privacy_policy.save_revision()
    urls = [
        reverse("wagtailadmin_pages:view_draft", args=[privacy_policy.pk]),
        reverse("wagtailadmin_pages:revisions_view", args=[privacy_policy.pk, revision.pk]),
    ]
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert "<h1>A saved draft</h1>" in response.content.decode(), url
        assert directives(response)["frame-ancestors"].startswith("'self'"), url
        assert response["X-Frame-Options"] == "SAMEORIGIN", url


def test_a_call_to_action_preview_may_be_framed_by_the_admin(admin_client, site_tree):
    cta = site_tree.call_to_action
    url = reverse(cta.snippet_viewset.get_url_name("preview_on_edit"), args=[cta.pk])
    edit = admin_client.get(reverse(cta.snippet_viewset.get_url_name("edit"), args=[cta.pk]))
    data = initial_data(edit.context["form"])

    previewed = preview(admin_client, url, {**data, "heading": "A heading not yet saved"})

    assert "A heading not yet saved" in previewed.content.decode()
    assert directives(previewed)["frame-ancestors"].startswith("'self'")
    assert previewed["X-Frame-Options"] == "SAMEORIGIN"


def test_previews_are_never_stored_by_any_cache_and_never_read_cached_fragments(
    admin_client, client, admin_user, privacy_policy
):
    # The public page is rendered first, so its fragments are in the cache.
    cache.clear()
    assert f"<h1>{privacy_policy.title}</h1>" in client.get(privacy_policy.url).content.decode()
    cached_keys = set(cache._cache)
    data = form_data(
        StandardPage, privacy_policy.get_parent(), admin_user, title="Unsaved preview title"
    )

    previewed = preview(admin_client, edit_preview_url(privacy_policy), data)

    assert "<h1>Unsaved preview title</h1>" in previewed.content.decode()
    # Not the cached breadcrumbs of the published page.
    assert 'aria-current="page">Unsaved preview title' in previewed.content.decode()
    assert "no-store" in previewed["Cache-Control"]
    assert "private" in previewed["Cache-Control"]
    assert set(cache._cache) == cached_keys
    assert "Unsaved preview title" not in client.get(privacy_policy.url).content.decode()


@pytest.mark.parametrize(("page_type", "parent_name"), NEW_PAGE_PARENTS)
def test_every_page_type_previews_before_its_first_save(
    admin_client, admin_user, site_tree, page_type, parent_name
):
    page_model = apps.get_model(page_type)
    parent = getattr(site_tree, parent_name)
    url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=[page_model._meta.app_label, page_model._meta.model_name, parent.pk],
    )
    data = form_data(page_model, parent, admin_user, title="A page not yet saved")

    previewed = preview(admin_client, url, data)

    html = previewed.content.decode()
    assert previewed.status_code == 200, html
    assert re.search(r"<h1>A page not yet saved(, )?</h1>", html), html
    assert previewed["X-Frame-Options"] == "SAMEORIGIN"
    # The breadcrumbs lead from the home page to the new page.
    if parent_name != "home" or page_type != "practice_site.HomePage":
        assert 'aria-current="page">A page not yet saved' in html
    assert not page_model.objects.filter(title="A page not yet saved").exists()


# Related posts read the post being edited, not rows about it -----------------------


def unsaved_post(blog, **fields):
    post = BlogPage(title="A new post", slug="a-new-post", intro="Intro.", body=[], **fields)
    post.depth = blog.depth + 1
    post.path = blog.get_last_child()._inc_path()
    post.set_url_path(blog)
    return post


def test_a_new_post_relates_through_its_unsaved_categories_tags_and_picks(site_tree):
    category = BlogCategoryFactory()
    picked = BlogPageFactory(parent=site_tree.blog)
    in_category = [BlogPageFactory(parent=site_tree.blog, categories=[category]) for _ in "ab"]
    BlogPageFactory(parent=site_tree.blog, tags=["another tag"])
    post = unsaved_post(site_tree.blog)
    post.related_post_links = [BlogPageRelatedPost(post=picked)]
    post.categories = [category]
    post.tags = ["a tag nobody has used yet"]

    related = post.get_related_posts()

    assert related == [picked, *reversed(in_category)]


def test_a_new_post_with_nothing_to_relate_to_has_no_related_posts(site_tree):
    assert unsaved_post(site_tree.blog).get_related_posts() == []


def test_an_edited_post_relates_through_its_edited_picks(site_tree):
    post = BlogPageFactory(
        parent=site_tree.blog, related_posts=site_tree.posts[:3], with_revision=True
    )
    live_picks = [link.post for link in post.related_post_links.all()]
    draft = post.get_latest_revision_as_object()
    draft.related_post_links = [BlogPageRelatedPost(post=live_picks[-1])]
    draft.categories = []
    draft.tags.clear()

    assert draft.get_related_posts() == [live_picks[-1]]
    # The published post keeps its saved picks.
    saved = BlogPage.objects.get(pk=post.pk)
    assert saved.get_related_posts()[: len(live_picks)] == live_picks[:3]


def test_related_post_queries_do_not_grow_with_picks_or_topics(
    site_tree, django_assert_max_num_queries
):
    blog = site_tree.blog
    categories = [site_tree.category, BlogCategoryFactory(), BlogCategoryFactory()]
    posts = [
        *site_tree.posts,
        *(BlogPageFactory(parent=blog, categories=categories[1:], tags=["tms"]) for _ in "abc"),
    ]
    few = unsaved_post(blog)
    few.related_post_links = [BlogPageRelatedPost(post=posts[0])]
    few.categories = categories[:1]
    many = unsaved_post(blog)
    many.related_post_links = [BlogPageRelatedPost(post=post) for post in posts]
    many.categories = categories
    many.tags = ["trd", "tms", "sleep"]

    with django_assert_max_num_queries(5):
        few.get_related_posts()
    with django_assert_max_num_queries(5):
        many.get_related_posts()
