import logging
import unicodedata

from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from wagtail.models import Page, Site

from practice_site.error_page_contact import error_page_contact_for
from practice_site.models.settings import CRISIS_MESSAGE_DEFAULT

logger = logging.getLogger(__name__)

SEARCH_MAX_QUERY_LENGTH = 200
SEARCH_RESULTS_PER_PAGE = 10


def server_error(request):
    """The 500 page, rendered without the database (which may be why we are here)."""
    template = loader.get_template("500.html")
    context = {
        "crisis_message": CRISIS_MESSAGE_DEFAULT,
        "contact": error_page_contact_for(request),
    }
    return HttpResponseServerError(template.render(context))


def clean_search_query(raw: str) -> tuple[str, bool]:
    """(query, was_shortened): no control characters, single spaces, at most 200 characters."""
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in raw
    )
    text = " ".join(text.split())
    return text[:SEARCH_MAX_QUERY_LENGTH].strip(), len(text) > SEARCH_MAX_QUERY_LENGTH


@require_safe
def search(request):
    query, shortened = clean_search_query(request.GET.get("q", ""))
    results = None
    failed = False
    if query:
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
        except DatabaseError:
            logger.exception("Search failed")
            failed = True
            results = None
    return TemplateResponse(
        request,
        "practice_site/search.html",
        {"search_query": query, "shortened": shortened, "results": results, "failed": failed},
    )


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
