"""Which cached URLs show a page that changed.

A page shows in more places than its own address: the pages below it show it in
their breadcrumbs, the listings above it (their own URLs, feeds and tag pages, not
their other children) list it, and other pages link to it (related posts, links in
text). A page linked from settings or a snippet (menus, the footer, a call to
action) shows on every page, so its change means everything.

Only the URLs themselves are worked out here; practice_site/caching/invalidation.py
decides when a change needs them.
"""

from urllib.parse import urlsplit

from django.contrib.contenttypes.models import ContentType

from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, ReferenceIndex

from practice_site.caching.front_cache.url_registry import cached_urls


def _path(url: str) -> str:
    return urlsplit(url).path


def page_path(page) -> str | None:
    """The path the page is served at within its site, or None if no site routes to it."""
    parts = page.get_url_parts()
    return parts[2] if parts else None


def _own_urls(page) -> set[str]:
    batch = PurgeBatch()
    batch.add_page(page)
    return batch.urls


def urls_under(path: str, cached: set[str]) -> set[str]:
    """The recorded URLs at path or below it."""
    return {url for url in cached if _path(url).startswith(path)}


def page_and_below_urls(page, cached: set[str]) -> set[str]:
    """The page, its sub-routes and every page below it."""
    path = page_path(page)
    if path is None:
        return set()
    return _own_urls(page) | urls_under(path, cached)


def page_only_urls(page, cached: set[str]) -> set[str]:
    """The page and its own sub-routes (feeds, tag listings), not the pages below it."""
    path = page_path(page)
    if path is None:
        return set()
    child_paths = tuple(
        path + child_url_path[len(page.url_path) :]
        for child_url_path in page.get_children().values_list("url_path", flat=True)
    )
    under = urls_under(path, cached)
    if child_paths:
        under = {url for url in under if not _path(url).startswith(child_paths)}
    return _own_urls(page) | under


def _is_linked_from_site_wide_content(page) -> bool:
    """Is the page linked from settings or a snippet, which appear on every page?"""
    return (
        ReferenceIndex.get_references_to(page)
        .exclude(base_content_type=ContentType.objects.get_for_model(Page))
        .exists()
    )


def _linking_pages(page):
    # object_id is text in the reference index; a list lets Django convert it.
    page_ids = list(
        ReferenceIndex.get_references_to(page)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    )
    return Page.objects.filter(pk__in=page_ids).exclude(pk=page.pk)


def urls_for_page_change(page) -> set[str] | None:
    """URLs showing the page: itself and below, the listings above, and pages linking to it.

    None means "everything", when the page is linked from site-wide content.
    """
    if _is_linked_from_site_wide_content(page):
        return None
    cached = cached_urls()
    urls = page_and_below_urls(page, cached)
    for ancestor in page.get_ancestors().filter(depth__gt=1):
        urls |= page_only_urls(ancestor, cached)
    for linking_page in _linking_pages(page):
        urls |= page_only_urls(linking_page, cached)
    return urls


def urls_everything() -> set[str]:
    """Every live page and every recorded URL."""
    batch = PurgeBatch()
    batch.add_pages(Page.objects.live().filter(depth__gt=1).specific(defer=True))
    return batch.urls | cached_urls()
