"""Sending purges to the front cache: by URL, everything at once, and the nginx backend.

Purges go through Wagtail's frontend_cache backends (settings.WAGTAILFRONTENDCACHE,
filled by practice_site/settings/production.py): NginxPurgeBackend below for the
proxy, Wagtail's own for Cloudflare and CloudFront. Purging by URL queues Wagtail's
purge task; purging everything runs in the task worker
(practice_site/caching/tasks.py), since it lists every page.
"""

import http.client
import logging
from urllib.parse import urlsplit

from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache.backends import CloudfrontBackend, HTTPBackend
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.contrib.frontend_cache.utils import get_backends, purge_urls_from_cache
from wagtail.models import Site

from practice_site.caching.front_cache.affected_urls import urls_everything

logger = logging.getLogger(__name__)


def purge_urls(urls: set[str]) -> None:
    """Queue a purge of these URLs (Wagtail's task, one batch per backend)."""
    if urls:
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
