"""A page's database queries must not grow with the number of posts.

Budgets are documented in docs/performance.md; raise one only with a reason there.
"""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.models import BlogCategory, BlogIndexPage
from tests.factories import BlogPageFactory, ImageFactory

pytestmark = pytest.mark.django_db

QUERY_BUDGETS = {
    "/blog/": 26,
    "/blog/tag/sleep/": 28,
    "/blog/category/treatments/": 27,
    "/blog/treatment-resistant-depression/": 28,
    "/": 30,
    "/search/?q=sleep": 15,
}


def count_queries(client, url):
    client.get(url)  # Warm up: renditions and Wagtail's site cache are made once.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


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
    for url, budget in QUERY_BUDGETS.items():
        assert with_50[url] <= budget, (url, with_50[url])
