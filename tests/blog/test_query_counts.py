"""A page's database queries must not grow with the number of posts.

Each page is counted cold (the first view after a content change, which makes
its cached fragments and route stale) and warm (its fragments and route cached,
as every later view finds them). Budgets are documented in docs/performance.md;
raise one only with a reason there.
"""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from practice_site.caching.content_version import content_version_bump
from tests.factories import (
    BlogPageFactory,
    ImageFactory,
    TreatmentPageFactory,
    blog_author,
    heading,
    paragraph,
)

pytestmark = pytest.mark.django_db

# page: (cold budget, warm budget)
QUERY_BUDGETS = {
    "blog index": (26, 7),
    "tag page": (28, 9),
    "category page": (27, 8),
    "post": (28, 5),
    "home": (30, 5),
    # Search results are never cached: what visitors search for may be about their health.
    "search": (15, 15),
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


def add_posts(site_tree, count, images):
    for n in range(count):
        BlogPageFactory(
            parent=site_tree.blog,
            hero_image=images[n % len(images)],
            tags=["Sleep", f"Topic {n % 4}"],
            categories=[site_tree.category],
        )


def test_query_counts_do_not_grow_with_the_number_of_posts(client, site_tree):
    images = [ImageFactory(), ImageFactory()]
    # A post like the initial content's article, which the budget was set on: an author
    # with a profile, three related posts picked by the editor, tags, a category, the
    # condition it is about, sections and a call to action block.
    post = BlogPageFactory(
        parent=site_tree.blog,
        authors=[blog_author(site_tree.prescriber)],
        related_posts=site_tree.posts[:3],
        tags=["Sleep", "TMS"],
        categories=[site_tree.category],
        condition_name="Treatment-resistant depression",
        body=[
            heading("What it is"),
            paragraph("<p>Depression that has not improved with two medicines.</p>"),
            heading("What can help"),
            paragraph("<p>Several treatments, chosen together.</p>"),
            {"type": "cta", "value": {"call_to_action": None}},
        ],
    )
    # Search results of more than one page type, each type fetched once.
    TreatmentPageFactory(
        parent=site_tree.treatment_index,
        title="Sleep and mood",
        summary="Better sleep may help with low mood.",
    )
    urls = {
        "blog index": site_tree.blog.url,
        "tag page": f"{site_tree.blog.url}tag/sleep/",
        "category page": f"{site_tree.blog.url}category/{site_tree.category.slug}/",
        "post": post.url,
        "home": "/",
        "search": "/search/?q=sleep",
    }
    add_posts(site_tree, 5, images)
    with_5 = {page: count_queries(client, url) for page, url in urls.items()}

    add_posts(site_tree, 45, images)
    with_50 = {page: count_queries(client, url) for page, url in urls.items()}

    assert with_50 == with_5
    for page, (cold_budget, warm_budget) in QUERY_BUDGETS.items():
        cold, warm = with_50[page]
        assert cold <= cold_budget, (page, "cold", cold)
        assert warm <= warm_budget, (page, "warm", warm)
