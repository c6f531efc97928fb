import datetime
import logging
import unicodedata

from django_ratelimit.core import get_usage

from django.conf import settings
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_safe

from wagtail.models import Page, Site

from practice_site.content.brand import DEFAULT_ICON, TAB_ICON_FILTER, Brand
from practice_site.content.crisis_search import crisis_terms, suggests_risk
from practice_site.content.models import PracticeSettings
from practice_site.edge.site_address import absolute_url

logger = logging.getLogger(__name__)

SEARCH_MAX_QUERY_LENGTH = 200
SEARCH_RESULTS_PER_PAGE = 10
SEARCH_RATE_LIMIT_GROUP = "search"


def clean_search_query(raw: str) -> tuple[str, bool]:
    """(query, was_shortened): no control characters, single spaces, at most 200 characters."""
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in raw
    )
    text = " ".join(text.split())
    return text[:SEARCH_MAX_QUERY_LENGTH].strip(), len(text) > SEARCH_MAX_QUERY_LENGTH


@require_safe
def search(request):
    """Site search. The query is used for this response only: never stored or logged."""
    query, shortened = clean_search_query(request.GET.get("q", ""))
    results = None
    failed = False
    # Checked before searching, so the crisis line shows even when search fails.
    show_crisis_help = bool(query) and suggests_risk(
        query, crisis_terms(PracticeSettings.for_request(request))
    )
    wait_seconds = _search_wait(request) if query else None
    if query and wait_seconds is None:
        site = Site.find_for_request(request)
        pages = Page.objects.live().public()
        if site is not None:
            pages = pages.descendant_of(site.root_page, inclusive=True)
        try:
            paginator = Paginator(pages.search(query), SEARCH_RESULTS_PER_PAGE)
            results = paginator.get_page(request.GET.get("page"))
            # One query per page type for the listing's summaries, however many results.
            by_pk = {
                page.pk: page
                for page in Page.objects.filter(pk__in=[r.pk for r in results]).specific()
            }
            results.object_list = [by_pk[r.pk] for r in results if r.pk in by_pk]
        except DatabaseError as error:
            # Only the error's type: the database's message can quote the query, which
            # is what the visitor typed and stays out of the logs.
            logger.error("Search failed: %s", type(error).__name__)
            failed = True
            results = None
    response = TemplateResponse(
        request,
        "practice_site/search.html",
        {
            "search_query": query,
            "shortened": shortened,
            "results": results,
            "failed": failed,
            "show_crisis_help": show_crisis_help,
            "wait_seconds": wait_seconds,
        },
        status=429 if wait_seconds else 200,
    )
    if wait_seconds:
        response["Retry-After"] = str(wait_seconds)
    return response


def _search_wait(request) -> int | None:
    """Count one search for this client (SEARCH_RATE_LIMIT); the seconds to wait when over it.

    Each search is a full-text query that keeps a core busy, so one client may not
    take them all. Counted in the shared cache; with the cache down the count
    fails open (RATELIMIT_FAIL_OPEN) and the proxy's own per-client limit remains.
    """
    usage = get_usage(
        request,
        group=SEARCH_RATE_LIMIT_GROUP,
        key="ip",
        rate=settings.SEARCH_RATE_LIMIT,
        increment=True,
    )
    if usage is None or not usage["should_limit"]:
        return None
    return max(1, usage["time_left"])


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "",
        f"Sitemap: {absolute_url(request, reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def security_txt(request):
    """RFC 9116: how to report a security problem with this site."""
    contact = settings.SECURITY_CONTACT or (
        f"mailto:{PracticeSettings.for_request(request).email}"
    )
    expires = timezone.now().replace(microsecond=0) + datetime.timedelta(days=365)
    lines = [
        f"Contact: {contact}",
        f"Expires: {expires.astimezone(datetime.UTC).isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: en",
        f"Canonical: {absolute_url(request, reverse('security_txt'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    """Browsers and bots still ask for /favicon.ico; send them to the real icon. Not a
    permanent redirect: the icon follows the practice's logo, which may change."""
    image = PracticeSettings.for_request(request).icon_image
    url = image.get_rendition(TAB_ICON_FILTER).url if image else static(DEFAULT_ICON)
    response = HttpResponseRedirect(url)
    patch_cache_control(response, public=True, max_age=24 * 60 * 60)
    return response


BRAND_STYLESHEET_MAX_AGE = 365 * 24 * 60 * 60


@require_safe
def brand_stylesheet(request, digest: str):
    """The practice's colors and typeface as CSS (practice_site/content/brand.py).

    The address names the stylesheet's digest, so what it serves never changes: browsers
    and the front cache keep it for a year. An old address (a page saved before a brand
    change, still in someone's browser) is sent on to the current one.
    """
    brand = Brand.of(PracticeSettings.for_request(request))
    if digest != brand.digest:
        response = HttpResponseRedirect(reverse("brand_stylesheet", args=[brand.digest]))
        add_never_cache_headers(response)
        return response
    response = HttpResponse(brand.css, content_type="text/css; charset=utf-8")
    patch_cache_control(response, public=True, max_age=BRAND_STYLESHEET_MAX_AGE, immutable=True)
    return response
