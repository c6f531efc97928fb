"""Remember which page an address leads to, so serving a page starts with one query.

Wagtail finds the site for a request with a query, then walks the page tree
from the site's root to the page, two queries per level. The answer changes
only when a site or a page changes, and every such change bumps the content
version (practice_site/caching/content_version.py). So each process keeps, for the
current version only:
- the site for each host name and port;
- for each path it served a page at, which page (model and id) and which part
  of the path that page routes itself (a blog index's tag or feed sub-route).

A later request for that path loads the page by its id, one query, checks it
still has the address it had, and lets it route the rest, so its `live` check
and sub-routes run as usual; view restrictions and Wagtail's serve hooks come
after routing and are untouched. The first request after any change routes
the usual way.

It hands Wagtail the site and the route through two private request attributes,
`_wagtail_site` and `_wagtail_route_for_request`, where Wagtail 7.4 keeps what
Site.find_for_request and Page.route_for_request found for a request; Wagtail has
no public way to supply either. The public ways round it cost more: overriding the
site root's route() still pays the site lookup and the root page's own row (two
queries more per view), and a serve view of the site's own would copy Wagtail's.
Measured on 2026-12-01 (the article viewed again and again through the whole
middleware, production settings, PostgreSQL and Redis, on this project's 2-core
machine while others used it): 4 queries and 9-11.5 ms CPU per view with the
memo, 9 queries and 22-24 ms without, which alone would put the article straight
to gunicorn past its 25 ms p50 at 4 connections (docs/performance.md). Should
Wagtail rename the attributes, the memo stops remembering (pages are routed the
usual way, correct but slower) and the warm budgets in
tests/blog/test_query_counts.py fail.
"""

from django.db import DatabaseError
from django.http import Http404
from django.http.request import split_domain_port

from wagtail import views as wagtail_views
from wagtail.models import Site

# Bound the memory an endless stream of distinct paths or host names can take;
# a full memo is emptied and refilled.
MAX_ROUTES = 5000
MAX_SITES = 100


class PageRouteMemo:
    def __init__(self):
        self.version = None
        self.sites: dict[tuple[str, int], dict] = {}
        # (site id, path) -> (page model, page id, page url_path, path left to route)
        self.routes: dict[tuple[int, str], tuple[type, int, str, tuple[str, ...]]] = {}

    def _for_version(self, version: str) -> None:
        if version != self.version:
            self.version = version
            self.sites.clear()
            self.routes.clear()

    @staticmethod
    def _site_key(request) -> tuple[str, int]:
        # As Wagtail's Site.find_for_request reads them.
        return split_domain_port(request._get_raw_host())[0], request.get_port()

    def prime(self, request, version: str) -> bool:
        """Give Wagtail the site and the route, if known; True if the route was."""
        self._for_version(version)
        site_fields = self.sites.get(self._site_key(request))
        if site_fields is None:
            return False
        site = Site.from_db("default", list(site_fields), list(site_fields.values()))
        # Wagtail's private attributes (see the module docstring for why).
        request._wagtail_site = site
        remembered = self.routes.get((site.pk, request.path_info))
        if remembered is None:
            return False
        model, page_id, url_path, remaining = remembered
        try:
            page = model._default_manager.get(pk=page_id)
        except (model.DoesNotExist, DatabaseError):
            # Route the usual way: a page that is gone is a 404 there, and a
            # database outage the friendly 503 of DatabaseUnavailableMiddleware.
            return False
        if page.url_path != url_path:
            return False  # Moved or renamed: the usual way finds what is there now.
        try:
            request._wagtail_route_for_request = page.route(request, list(remaining))
        except Http404:
            request._wagtail_route_for_request = None
        return True

    def remember(self, request, response, version: str) -> None:
        """After Wagtail served a page: note the site and where the path led."""
        if self.version != version or response.status_code != 200:
            return
        match = getattr(request, "resolver_match", None)
        site = getattr(request, "_wagtail_site", None)
        route = getattr(request, "_wagtail_route_for_request", None)
        if match is None or match.func is not wagtail_views.serve or not site or not route:
            return
        if len(self.sites) >= MAX_SITES:
            self.sites.clear()
        self.sites[self._site_key(request)] = {
            field.attname: getattr(site, field.attname) for field in Site._meta.concrete_fields
        }
        page = route[0]
        components = [part for part in request.path_info.split("/") if part]
        consumed = page.depth - site.root_page.depth
        if len(self.routes) >= MAX_ROUTES:
            self.routes.clear()
        self.routes[(site.pk, request.path_info)] = (
            type(page),
            page.pk,
            page.url_path,
            tuple(components[consumed:]),
        )


memo = PageRouteMemo()
