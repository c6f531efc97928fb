"""The site's public address: configured once, never taken from a request's Host header.

`WAGTAILADMIN_BASE_URL` is the configured address. `load_initial_data` copies
its host name and port onto the default Site, and every absolute URL the site
writes (canonical links, JSON-LD, the sitemap, feeds, robots.txt, e-mails) is
built from the Site's `root_url`, so a forged Host header cannot change them.
"""

from urllib.parse import urljoin, urlsplit

from django.conf import settings

from wagtail.models import Site

DEFAULT_PORTS = {"http": 80, "https": 443}


def configured_address() -> tuple[str, int]:
    """(host name, port) of settings.WAGTAILADMIN_BASE_URL."""
    parts = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ValueError(
            f"WAGTAILADMIN_BASE_URL must be an http or https address such as "
            f"https://www.example.com, not {settings.WAGTAILADMIN_BASE_URL!r}"
        )
    return parts.hostname, parts.port or DEFAULT_PORTS[parts.scheme]


def configured_root_url() -> str:
    """The configured address as Wagtail writes a Site's root_url (no trailing slash)."""
    hostname, port = configured_address()
    return Site(hostname=hostname, port=port).root_url


def site_address_setup(site: Site) -> bool:
    """Give `site` the configured host name and port; True when they changed."""
    hostname, port = configured_address()
    if (site.hostname, site.port) == (hostname, port):
        return False
    site.hostname, site.port = hostname, port
    site.save(update_fields=["hostname", "port"])
    return True


def site_root_url(request) -> str:
    """The root URL of the Site serving `request` (Wagtail caches the Site on the request)."""
    site = Site.find_for_request(request)
    return site.root_url if site is not None else configured_root_url()


def absolute_url(request, url: str) -> str:
    """`url` made absolute on the site's own address; already absolute URLs stay as they are."""
    return urljoin(site_root_url(request) + "/", url) if url else ""
