from django import template
from django.utils.html import format_html

from wagtail.models import Site

from blog.models import BlogIndexPage, BlogPage

register = template.Library()


def _site_blog(request):
    site = Site.find_for_request(request) if request else None
    if site is None:
        return None
    return BlogIndexPage.objects.live().public().descendant_of(site.root_page).first()


@register.simple_tag(takes_context=True)
def latest_posts(context, limit=3):
    """The newest live, public posts of the current site, for the home page and elsewhere."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    posts = BlogPage.objects.listed().select_related("hero_image")
    if site is not None:
        posts = posts.descendant_of(site.root_page)
    return list(posts.newest_first()[:limit])


@register.simple_tag(takes_context=True)
def blog_feed_links(context):
    """<link rel="alternate"> to the blog's RSS and Atom feeds, for every page's <head>."""
    request = context.get("request")
    blog = _site_blog(request)
    if blog is None:
        return ""
    blog_url = blog.get_url(request)
    return format_html(
        '<link rel="alternate" type="application/rss+xml" title="{title} (RSS)" href="{rss}">\n'
        '<link rel="alternate" type="application/atom+xml" title="{title} (Atom)" href="{atom}">',
        title=blog.title,
        rss=blog_url + blog.reverse_subpage("rss_feed"),
        atom=blog_url + blog.reverse_subpage("atom_feed"),
    )


@register.simple_tag
def posts_tagged(page, tag_name, limit=3):
    """Newest live, public posts of the page's site with this tag (for treatment pages)."""
    if not tag_name:
        return []
    posts = (
        BlogPage.objects.listed()
        .on_site_of(page)
        .filter(tagged_items__tag__name__iexact=tag_name)
        .select_related("hero_image")
        .prefetch_related("categories")
        .newest_first()
    )
    return list(posts[:limit])


@register.simple_tag
def posts_by_clinician(clinician_page, limit=10):
    """Newest live, public posts a clinician wrote on the profile's site (for the profile)."""
    if not clinician_page.pk:
        return []  # A new profile (a preview before the first save): nobody links to it yet.
    posts = (
        BlogPage.objects.listed()
        .on_site_of(clinician_page)
        .filter(authors__profile_page=clinician_page)
        .select_related("hero_image")
        .prefetch_related("categories")
        .newest_first()
        .distinct()
    )
    return list(posts[:limit])
