"""The URLs the front cache may hold, learnt as they are served.

Which URLs exist beyond the pages themselves (feeds, tag listings, the sitemap,
each host name visitors used) cannot be worked out from the page tree, so each
response marked cacheable records its URL here: a set in Redis, shared by every
app server. Every failure only costs a missed or a needless purge, never a page.
"""

import logging

from django_redis import get_redis_connection

from practice_site.caching.front_cache import is_enabled

logger = logging.getLogger(__name__)

CACHED_URLS_KEY = "frontend-cache:urls"

# Development and tests use the local-memory cache: one process, so its own set.
_cached_urls_in_process: set[str] = set()


def _redis():
    try:
        return get_redis_connection("default")
    except NotImplementedError:  # the cache is not Redis (development, tests)
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
