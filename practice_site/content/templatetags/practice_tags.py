"""Site chrome built from settings: menus and calls to action."""

from django import template

from practice_site.content.models import NavigationSettings, PracticeSettings

register = template.Library()


@register.inclusion_tag("includes/menu_links.html", takes_context=True)
def menu_links(context, which: str, css_class: str):
    """The header or footer links from Navigation settings, with the current page marked."""
    request = context["request"]
    navigation = NavigationSettings.for_request(request)
    current = context.get("page")
    links = navigation.header_links if which == "header" else navigation.footer_links
    items = []
    for block in links:
        page = block.value["page"]
        if page is not None:
            if not page.live:
                continue
            href = page.get_url(request=request)
            label = block.value["label"] or page.title
            if current is not None and current.pk == page.pk:
                state = "page"
            elif current is not None and page.depth > 2 and current.path.startswith(page.path):
                state = "true"  # A section the current page belongs to.
            else:
                state = ""
        else:
            href, label, state = block.value["url"], block.value["label"], ""
        items.append({"href": href, "label": label, "current": state})
    return {"items": items, "css_class": css_class}


@register.inclusion_tag("components/call_to_action.html", takes_context=True)
def page_call_to_action(context):
    """The call to action at the end of the current page (see CallToActionMixin)."""
    page = context.get("page")
    resolver = getattr(page, "get_own_or_inherited_call_to_action", None)
    if resolver is None:
        return {"cta": None}
    # A page whose body already places a call to action does not repeat one.
    if any(block.block_type == "cta" for block in getattr(page, "body", None) or []):
        return {"cta": None}
    found, cta = resolver()
    if not found:
        cta = PracticeSettings.for_request(context["request"]).default_call_to_action
    return {"cta": cta if cta is not None and cta.live else None}


@register.inclusion_tag("components/call_to_action.html", takes_context=True)
def call_to_action(context, cta=None):
    """A call to action placed in content: the one given, or the site default."""
    if cta is None:
        cta = PracticeSettings.for_request(context["request"]).default_call_to_action
    return {"cta": cta if cta is not None and cta.live else None}
