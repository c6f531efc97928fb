"""What search engines, feed readers and link previews read: descriptions, canonical
URLs, share images, breadcrumbs and JSON-LD."""

from django import template
from django.utils.html import format_html, strip_tags
from django.utils.text import Truncator

from wagtail.models import Site
from wagtail.rich_text import get_text_for_indexing

from practice_site.content import structured_data
from practice_site.content.models import PracticeSettings
from practice_site.edge.site_address import absolute_url

register = template.Library()

DESCRIPTION_LENGTH = 160


@register.simple_tag(takes_context=True)
def breadcrumb_trail(context) -> list[dict]:
    """[{title, url}] from the site's home page down to the current page.

    Kept on the request: the JSON-LD and the visible breadcrumbs both use it,
    in separately cached fragments.
    """
    page = context.get("page")
    request = context.get("request")
    if page is None or request is None or not getattr(page, "path", None):
        return []
    trails = request.__dict__.setdefault("_breadcrumb_trails", {})
    if page.path not in trails:
        trails[page.path] = _breadcrumb_trail(request, page)
    return trails[page.path]


def _breadcrumb_trail(request, page) -> list[dict]:
    site = Site.find_for_request(request)
    if site is None or page.depth < site.root_page.depth:
        return []
    # The page itself is the object being shown, not its row: a preview shows
    # the title being edited, and a new page has no row yet.
    ancestors = page.get_ancestors().filter(depth__gte=site.root_page.depth)
    return [
        {
            "title": "Home" if crumb.depth == site.root_page.depth else crumb.title,
            "url": crumb.get_url(request),
        }
        for crumb in [*ancestors, page]
    ]


@register.simple_tag(takes_context=True)
def meta_description(context) -> str:
    """search description, else the intro, else the first paragraph, else the tagline."""
    page = context.get("page")
    text = ""
    if page is not None:
        text = getattr(page, "search_description", "") or strip_tags(
            str(getattr(page, "intro", "") or "")
        )
        if not text.strip():
            for block in getattr(page, "body", None) or []:
                if block.block_type == "paragraph":
                    text = get_text_for_indexing(block.value.source)
                    break
    if not text.strip() and context.get("request") is not None:
        text = PracticeSettings.for_request(context["request"]).tagline
    return Truncator(" ".join(text.split())).chars(DESCRIPTION_LENGTH)


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """This address without its query string, keeping a listing's page number, on the
    Site's own address rather than the Host header it was requested with."""
    request = context["request"]
    url = absolute_url(request, request.path)
    posts = context.get("posts")
    if posts is not None and getattr(posts, "number", 1) > 1:
        url += f"?page={posts.number}"
    return url


@register.simple_tag(takes_context=True)
def share_image_url(context) -> str:
    """An absolute 1200x630 image for link previews: the page's own, else the default."""
    request = context["request"]
    page = context.get("page")
    image = getattr(page, "hero_image", None)
    if image is None:
        image = PracticeSettings.for_request(request).default_share_image
    if image is None:
        return ""
    return absolute_url(request, image.get_rendition("fill-1200x630|format-jpeg").url)


@register.simple_tag(takes_context=True)
def json_ld(context, trail):
    page = context.get("page")
    request = context.get("request")
    if page is None or request is None:
        return ""
    practice = PracticeSettings.for_request(request)
    data = structured_data.page_graph(request, page, practice, trail)
    return format_html(
        '<script type="application/ld+json">{}</script>', structured_data.to_json_ld(data)
    )
