"""Queries and render time of the blog's pages as the number of posts grows.

Seeds a fresh SQLite database (or the one in DATABASE_URL, if set) with the
initial content plus N posts, for N = 10, 100 and 1000, then renders each page
through Django's test client and prints a Markdown table: database queries per
request and the median render time over several requests, cold (the first
view after a content change: the content version replaced before each
request) and warm (its fragments and route cached, as every later view finds
them).

    .venv/bin/python benchmarks/blog_queries.py [--sizes 10 100 1000] [--runs 15]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

URLS = {
    "blog index": "/blog/",
    "tag page": "/blog/tag/sleep/",
    "post": "/blog/treatment-resistant-depression/",
    "search": "/search/?q=sleep",
}


def setup_django(database_dir: str) -> None:
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{database_dir}/benchmark.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "practice_site.settings.test"
    import django

    django.setup()


def seed_posts(blog, total: int) -> None:
    from blog.models import BlogPage

    existing = BlogPage.objects.count()
    for n in range(existing, total):
        post = BlogPage(
            title=f"Benchmark post {n}",
            slug=f"benchmark-post-{n}",
            intro="A post made for the benchmark, about sleep and mood.",
            body=[{"type": "paragraph", "value": "<p>" + "Words about sleep. " * 80 + "</p>"}],
        )
        blog.add_child(instance=post)
        post.tags.add("Sleep", f"Topic {n % 5}")
        post.save()


def measure(client, url: str, runs: int, *, cold: bool) -> tuple[int, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from practice_site.caching.content_version import content_version_bump

    client.get(url)  # Renditions of the images are made on the first view.
    timings = []
    for _ in range(runs):
        if cold:
            content_version_bump()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return len(queries), statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as database_dir:
        setup_django(database_dir)
        from django.core.management import call_command
        from django.test import Client
        from django.test.utils import setup_test_environment

        from blog.models import BlogIndexPage
        from initial_content.loader import initial_content_load

        setup_test_environment()
        call_command("migrate", verbosity=0)
        initial_content_load()
        blog = BlogIndexPage.objects.get()
        client = Client()

        print("| posts | page | queries cold | queries warm | cold (ms) | warm (ms) |")
        print("|---:|---|---:|---:|---:|---:|")
        for size in args.sizes:
            seed_posts(blog, size)
            for name, url in URLS.items():
                cold_queries, cold_ms = measure(client, url, args.runs, cold=True)
                warm_queries, warm_ms = measure(client, url, args.runs, cold=False)
                print(
                    f"| {size} | {name} | {cold_queries} | {warm_queries} "
                    f"| {cold_ms:.1f} | {warm_ms:.1f} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
