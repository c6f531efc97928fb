from django import template

from wagtail.models import Site

from blog.models import BlogPage

register = template.Library()


@register.simple_tag(takes_context=True)
def latest_posts(context, limit=3):
    """The newest live, public posts of the current site, for the home page and elsewhere."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    posts = BlogPage.objects.live().public()
    if site is not None:
        posts = posts.descendant_of(site.root_page)
    return list(posts.order_by("-date", "-first_published_at")[:limit])
