"""`{% fragmentcache %}`: keep a rendered piece of a page in the shared cache.

    {% load fragment_cache_tags %}
    {% fragmentcache "header" %}...{% endfragmentcache %}
    {% fragmentcache "listing" posts.number %}...{% endfragmentcache %}

Like Django's `{% cache %}`, with the key and the rules this site needs
(practice_site/caching/content_version.py explains when fragments go stale):
- the key holds the release (practice_site/caching/release.py: the same on
  every app server running the same code), the content version, the template being
  rendered, the address (scheme, host and path) and the page, plus any
  values given after the name, so only what the address and the page decide
  may go inside;
- nothing is cached for previews, for requests other than GET and HEAD, on
  pages that are not Wagtail pages (errors, search), when the cache is
  unreachable or when FRAGMENT_CACHE_TIMEOUT is 0: the fragment is simply
  rendered.
"""

from django import template
from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key

from practice_site.caching.release import release_id
from practice_site.edge.middleware import is_preview_request

register = template.Library()


class FragmentCacheNode(template.Node):
    def __init__(self, nodelist, fragment_name: str, vary_on: list):
        self.nodelist = nodelist
        self.fragment_name = fragment_name
        self.vary_on = vary_on

    def render(self, context):
        key = self.cache_key(context)
        if key is None:
            return self.nodelist.render(context)
        value = cache.get(key)
        if value is None:
            value = self.nodelist.render(context)
            cache.set(key, value, settings.FRAGMENT_CACHE_TIMEOUT)
        return value

    def cache_key(self, context) -> str | None:
        request = context.get("request")
        page = context.get("page")
        version = getattr(request, "content_version", None)
        if (
            version is None
            or not settings.FRAGMENT_CACHE_TIMEOUT
            or is_preview_request(request)
            or not getattr(page, "pk", None)
        ):
            return None
        return make_template_fragment_key(
            self.fragment_name,
            [
                release_id(),
                version,
                context.template.name,
                request.scheme,
                request.get_host(),
                request.path,
                page.pk,
                *(var.resolve(context) for var in self.vary_on),
            ],
        )


@register.tag("fragmentcache")
def do_fragmentcache(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs a fragment name")
    nodelist = parser.parse(("endfragmentcache",))
    parser.delete_first_token()
    return FragmentCacheNode(
        nodelist, bits[1].strip("\"'"), [parser.compile_filter(bit) for bit in bits[2:]]
    )
