"""`load_initial_data` creates a working site and never overwrites an editor's work."""

from io import StringIO

import pytest

from django.core.management import call_command

from wagtail.models import Page, Site

from blog.models import BlogPage
from practice_site.content.models import HomePage, PracticeSettings

pytestmark = pytest.mark.django_db


def load():
    out = StringIO()
    call_command("load_initial_data", stdout=out)
    return out.getvalue()


def empty_the_site():
    """Back to a new install's database: only the tree root and Wagtail's placeholder page."""
    from wagtail.images import get_image_model
    from wagtail.models import Collection, Site

    from blog.models import BlogCategory
    from initial_content.content import ARTWORK_COLLECTION
    from practice_site.content.models import CallToAction, NavigationSettings

    Site.objects.all().delete()
    get_image_model().objects.all().delete()
    Collection.objects.filter(name=ARTWORK_COLLECTION).delete()
    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    PracticeSettings.objects.all().delete()
    NavigationSettings.objects.all().delete()
    CallToAction.objects.all().delete()
    BlogCategory.objects.all().delete()
    placeholder = root.add_child(
        instance=Page(title="Welcome to your new Wagtail site!", slug="home")
    )
    Site.objects.create(hostname="localhost", port=80, root_page=placeholder, is_default_site=True)


def test_creates_home_blog_settings_and_posts():
    empty_the_site()
    output = load()

    assert "created, 0 kept." in output
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.root_page.get_children().filter(slug="blog").exists()
    assert BlogPage.objects.live().count() == 4
    settings = PracticeSettings.objects.get(site=site)
    assert "replace" in settings.practice_name.lower()
    # The stock Wagtail placeholder page is gone.
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()


def test_second_run_changes_nothing():
    load()
    page_count = Page.objects.count()
    revision_count = sum(page.revisions.count() for page in Page.objects.all())

    output = load()

    assert Page.objects.count() == page_count
    assert sum(page.revisions.count() for page in Page.objects.all()) == revision_count
    assert "0 created" in output


def test_second_run_keeps_an_edited_title_and_settings():
    load()
    article = BlogPage.objects.get(slug="treatment-resistant-depression")
    article.title = "An editor's better title"
    article.save_revision().publish()
    settings = PracticeSettings.objects.get()
    settings.practice_name = "Riverbend Mood Clinic"
    settings.save()

    load()

    article.refresh_from_db()
    assert article.title == "An editor's better title"
    assert PracticeSettings.objects.get().practice_name == "Riverbend Mood Clinic"


def test_second_run_keeps_a_deleted_related_post_link_deleted():
    load()
    article = BlogPage.objects.get(slug="treatment-resistant-depression")
    article.related_post_links.all().delete()

    load()

    assert article.related_post_links.count() == 0


def test_every_initial_page_is_published_and_served(client):
    load()
    for page in Page.objects.live().filter(depth__gt=1):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
