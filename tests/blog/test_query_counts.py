"""A page's database queries must not grow with the number of posts.

Each page is counted cold (the first view after a content change, which makes
its cached fragments and route stale) and warm (its fragments and route cached,
as every later view finds them). Budgets are documented in docs/performance.md;
raise one only with a reason there.
"""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.models import BlogCategory, BlogIndexPage
from practice_site.caching.content_version import content_version_bump
from tests.factories import BlogPageFactory, ImageFactory

pytestmark = pytest.mark.django_db

# url: (cold budget, warm budget)
QUERY_BUDGETS = {
    "/blog/": (26, 7),
    "/blog/tag/sleep/": (28, 9),
    "/blog/category/treatments/": (27, 8),
    "/blog/treatment-resistant-depression/": (28, 5),
    "/": (30, 5),
    # Search results are never cached: what visitors search for may be about their health.
    "/search/?q=sleep": (15, 15),
}


def count_queries(client, url) -> tuple[int, int]:
    """Queries for the first view of url after a content change, then for the next view."""
    client.get(url)  # Renditions of the images are made once, on the first view.
    content_version_bump()
    with CaptureQueriesContext(connection) as cold:
        response = client.get(url)
    assert response.status_code == 200, url
    with CaptureQueriesContext(connection) as warm:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(cold), len(warm)


def add_posts(blog, count, images):
    category = BlogCategory.objects.get(slug="treatments")
    for n in range(count):
        post = BlogPageFactory(parent=blog, hero_image=images[n % len(images)])
        post.tags.add("Sleep", f"Topic {n % 4}")
        post.categories.add(category)
        post.save_revision().publish()


def test_query_counts_do_not_grow_with_the_number_of_posts(client, site_content):
    blog = BlogIndexPage.objects.get()
    images = [ImageFactory(), ImageFactory()]
    add_posts(blog, 5, images)
    with_5 = {url: count_queries(client, url) for url in QUERY_BUDGETS}

    add_posts(blog, 45, images)
    with_50 = {url: count_queries(client, url) for url in QUERY_BUDGETS}

    assert with_50 == with_5
    for url, (cold_budget, warm_budget) in QUERY_BUDGETS.items():
        cold, warm = with_50[url]
        assert cold <= cold_budget, (url, "cold", cold)
        assert warm <= warm_budget, (url, "warm", warm)
