"""The front cache (the nginx proxy or a CDN): what it may keep, and what to purge when.

Pages are cached by URL in front of Django (see FrontendCacheControlMiddleware).
When content changes, the URLs showing it are purged through Wagtail's
frontend_cache backends, as background tasks:

- a page is published, unpublished, moved or deleted, or given or cleared of a
  privacy restriction (password, sign-in): the page with everything
  below it (they show it in breadcrumbs), the listings above it (their own URLs,
  feeds and tag pages, not their other children), and the pages that link to it;
- practice settings, menus, a snippet such as a call to action, or an image or
  document that is in use: every cached URL, since they appear on every page.

Which URLs exist beyond the pages themselves (feeds, tag listings, the sitemap,
each host name visitors used) is learnt from the responses marked cacheable:
each one's URL is recorded in a set in Redis, shared by every app server.
"""

import http.client
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete, post_save, pre_delete

from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache.backends import CloudfrontBackend, HTTPBackend
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends, purge_urls_from_cache
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import DraftStateMixin, Page, PageViewRestriction, ReferenceIndex, Site
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    pre_page_move,
    published,
    unpublished,
)

logger = logging.getLogger(__name__)

CACHED_URLS_KEY = "frontend-cache:urls"

# Development and tests use the local-memory cache: one process, so its own set.
_cached_urls_in_process: set[str] = set()


def is_enabled() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


# Registry of cached URLs ------------------------------------------------------


def _redis():
    try:
        from django_redis import get_redis_connection

        return get_redis_connection("default")
    except NotImplementedError:
        return None


def cached_url_record(url: str) -> None:
    """Remember a URL the front cache may now hold; a failure only costs a missed purge."""
    if not is_enabled():
        return
    client = _redis()
    if client is None:
        _cached_urls_in_process.add(url)
        return
    try:
        client.sadd(CACHED_URLS_KEY, url)
    except Exception as error:  # the page is served whatever Redis does
        logger.warning("Could not record cached URL: %s", type(error).__name__)


def cached_urls() -> set[str]:
    """Every URL recorded; empty if Redis is down (purges then cover the pages only)."""
    client = _redis()
    if client is None:
        return set(_cached_urls_in_process)
    try:
        return {member.decode() for member in client.smembers(CACHED_URLS_KEY)}
    except Exception as error:  # publishing must not fail because Redis does
        logger.warning("Could not read the cached URLs: %s", type(error).__name__)
        return set()


def cached_urls_forget(urls) -> None:
    """Drop URLs that no longer exist (moved or deleted pages) from the registry."""
    urls = list(urls)
    if not urls:
        return
    client = _redis()
    if client is None:
        _cached_urls_in_process.difference_update(urls)
        return
    try:
        client.srem(CACHED_URLS_KEY, *urls)
    except Exception as error:  # a stale entry only costs a needless purge later
        logger.warning("Could not forget cached URLs: %s", type(error).__name__)


# Which URLs a change affects --------------------------------------------------


def _path(url: str) -> str:
    return urlsplit(url).path


def _page_path(page) -> str | None:
    """The path the page is served at within its site, or None if no site routes to it."""
    parts = page.get_url_parts()
    return parts[2] if parts else None


def _own_urls(page) -> set[str]:
    batch = PurgeBatch()
    batch.add_page(page)
    return batch.urls


def page_and_below_urls(page, cached: set[str]) -> set[str]:
    """The page, its sub-routes and every page below it."""
    path = _page_path(page)
    if path is None:
        return set()
    return _own_urls(page) | {url for url in cached if _path(url).startswith(path)}


def page_only_urls(page, cached: set[str]) -> set[str]:
    """The page and its own sub-routes (feeds, tag listings), not the pages below it."""
    path = _page_path(page)
    if path is None:
        return set()
    child_paths = tuple(
        path + child_url_path[len(page.url_path) :]
        for child_url_path in page.get_children().values_list("url_path", flat=True)
    )
    under = {url for url in cached if _path(url).startswith(path)}
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
    batch = PurgeBatch()
    batch.add_pages(Page.objects.live().filter(depth__gt=1).specific(defer=True))
    return batch.urls | cached_urls()


# Purging ----------------------------------------------------------------------


def purge(urls: set[str] | None) -> None:
    """Queue a purge of these URLs, or of everything when urls is None."""
    if urls is None:
        from practice_site.caching.tasks import frontend_cache_purge_everything

        frontend_cache_purge_everything.enqueue()
    elif urls:
        purge_urls_from_cache(sorted(urls))


def purge_everything_now() -> int:
    """Purge every page and every recorded URL; returns how many URLs were sent.

    CloudFront gets one wildcard path per site instead, which counts as one
    invalidation however many pages there are.
    """
    backends = get_backends()
    wildcard = [
        name for name, backend in backends.items() if isinstance(backend, CloudfrontBackend)
    ]
    by_url = [name for name in backends if name not in wildcard]
    urls = sorted(urls_everything())
    if by_url and urls:
        purge_urls_from_cache_task.call(urls, backends=by_url)
    if wildcard:
        roots = sorted({site.root_url + "/*" for site in Site.objects.all()})
        purge_urls_from_cache_task.call(roots, backends=wildcard)
    logger.info("Front cache: purged everything (%d URLs)", len(urls))
    return len(urls)


class NginxPurgeBackend(HTTPBackend):
    """Wagtail's HTTP purge, for nginx with the cache purge module.

    Sends PURGE for each URL over one kept-alive connection with a timeout (the
    stock backend has none, so a silent proxy would hang the worker), with the
    shared secret nginx asks for (PURGE_SECRET, sent as X-Purge-Secret). A 404
    answer only means the URL was not in the cache.
    """

    timeout_seconds = 5

    def __init__(self, params):
        params = dict(params)
        self.purge_secret = params.pop("PURGE_SECRET", "")
        super().__init__(params)

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        if self.cache_scheme == "https":
            connection_class = http.client.HTTPSConnection
        else:
            connection_class = http.client.HTTPConnection
        connection = connection_class(self.cache_netloc, timeout=self.timeout_seconds)
        failures = 0
        try:
            for url in urls:
                parts = urlsplit(url)
                target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
                try:
                    connection.request(
                        "PURGE",
                        target,
                        headers={
                            "Host": parts.netloc,
                            "User-Agent": f"Wagtail-frontendcache/{wagtail_version}",
                            "X-Purge-Secret": self.purge_secret,
                        },
                    )
                    response = connection.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException) as error:
                    failures += 1
                    logger.error("Could not purge %s from the proxy: %s", url, error)
                    connection.close()
                    continue
                if response.status not in (200, 404):
                    failures += 1
                    logger.error("Could not purge %s: HTTP %d", url, response.status)
        finally:
            connection.close()
        logger.info("Front cache: purged %d URLs (%d failed)", len(urls), failures)


# Signal handlers ----------------------------------------------------------------


def _page_changed(sender, instance, **kwargs):
    if is_enabled():
        purge(urls_for_page_change(instance))


def _page_leaving(sender, instance, **kwargs):
    """Before a move or a delete: purge the URLs the page had, and forget them."""
    if not is_enabled():
        return
    path = _page_path(instance)
    purge(urls_for_page_change(instance))
    if path is not None:
        cached_urls_forget({url for url in cached_urls() if _path(url).startswith(path)})


def _page_deleting(sender, instance, **kwargs):
    if instance.live:
        _page_leaving(sender, instance)


def _page_slug_changed(sender, instance, instance_before, **kwargs):
    if not is_enabled():
        return
    old_urls = page_and_below_urls(instance_before, cached_urls())
    purge(old_urls)
    cached_urls_forget(old_urls)


def _shown_on_every_page(model) -> bool:
    from wagtail.snippets.models import get_snippet_models

    return issubclass(model, BaseSiteSetting | BaseGenericSetting | Site) or (
        model in get_snippet_models()
    )


def _saved(sender, instance, raw=False, **kwargs):
    if raw or not is_enabled():
        return
    if isinstance(instance, PageViewRestriction):
        # A page made private: its public copies must leave the cache now.
        purge(urls_for_page_change(instance.page.specific))
    elif isinstance(instance, AbstractImage | AbstractDocument):
        # A new upload appears nowhere yet; a changed one may be on any page.
        if ReferenceIndex.get_references_to(instance).exists():
            purge(None)
    elif isinstance(instance, DraftStateMixin):
        return  # saving a draft changes nothing visible; `published` follows
    elif _shown_on_every_page(sender):
        purge(None)


def _deleted(sender, instance, **kwargs):
    if is_enabled() and isinstance(instance, PageViewRestriction):
        # Public again: the listings above show the page once more. When the
        # restriction goes because its page is being deleted, the page's own
        # purge (_page_deleting) has run and the page is half gone already.
        try:
            page = instance.page.specific
        except ObjectDoesNotExist:
            return
        purge(urls_for_page_change(page))
    elif is_enabled() and (
        _shown_on_every_page(sender) or isinstance(instance, AbstractImage | AbstractDocument)
    ):
        purge(None)


def _snippet_published_or_unpublished(sender, instance, **kwargs):
    if is_enabled() and not isinstance(instance, Page) and _shown_on_every_page(sender):
        purge(None)


def signal_handlers_connect() -> None:
    """Connect the purges; called once from PracticeSiteConfig.ready()."""
    from django.apps import apps

    # Menus and footer links live in settings, which Wagtail does not index for
    # references by default; indexed, a page they link to counts as site-wide.
    for model in apps.get_models():
        if issubclass(model, BaseSiteSetting | BaseGenericSetting):
            ReferenceIndex.register_model(model)

    uid = "practice_site.caching.frontend_cache."
    page_published.connect(_page_changed, dispatch_uid=uid + "published")
    page_unpublished.connect(_page_changed, dispatch_uid=uid + "unpublished")
    pre_page_move.connect(_page_leaving, dispatch_uid=uid + "pre_move")
    post_page_move.connect(_page_changed, dispatch_uid=uid + "post_move")
    page_slug_changed.connect(_page_slug_changed, dispatch_uid=uid + "slug_changed")
    pre_delete.connect(_page_deleting, sender=Page, dispatch_uid=uid + "page_deleted")
    post_save.connect(_saved, dispatch_uid=uid + "saved")
    post_delete.connect(_deleted, dispatch_uid=uid + "deleted")
    published.connect(_snippet_published_or_unpublished, dispatch_uid=uid + "snippet_published")
    unpublished.connect(
        _snippet_published_or_unpublished, dispatch_uid=uid + "snippet_unpublished"
    )
