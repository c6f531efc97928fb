"""Observing the front cache's purges without a proxy (the `purged` fixture in
tests/practice_site/conftest.py configures the recording backend)."""

from urllib.parse import urlsplit

from wagtail.contrib.frontend_cache.backends import BaseBackend

RECORDING_BACKEND = "tests.front_cache.RecordingBackend"


class RecordingBackend(BaseBackend):
    purged: list[str] = []

    def purge(self, url):
        RecordingBackend.purged.append(url)


def paths(urls, host="testserver") -> set[str]:
    """The URLs' paths on the host they were served on."""
    return {urlsplit(url).path for url in urls if urlsplit(url).hostname == host}


def visit(client, *urls):
    for url in urls:
        assert client.get(url).status_code == 200, url
