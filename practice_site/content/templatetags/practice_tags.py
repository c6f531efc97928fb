"""Site chrome built from settings: menus, the header's booking button, calls to action,
the brand stylesheet and the site's icons."""

from django import template
from django.templatetags.static import static
from django.urls import reverse

from practice_site.content.brand import (
    DEFAULT_ICON,
    HOME_SCREEN_ICON_FILTER,
    TAB_ICON_FILTER,
    TYPEFACES,
    Brand,
)
from practice_site.content.models import NavigationSettings, PracticeSettings

register = template.Library()


@register.inclusion_tag("includes/menu_links.html", takes_context=True)
def menu_links(context, which: str, css_class: str):
    """The header or footer links from Navigation settings, with the current page marked;
    the header's end with the client portal when Practice settings give its address."""
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
    if which == "header":
        # Current clients look for their portal in the menu.
        portal = PracticeSettings.for_request(request).client_portal_url
        if portal:
            items.append({"href": portal, "label": "Client portal", "current": ""})
    return {"items": items, "css_class": css_class}


@register.simple_tag(takes_context=True)
def primary_action(context) -> dict[str, str] | None:
    """The header's booking button: "Book online" to the practice's booking system when
    Practice settings name one, else the button of the site's default call to action
    ("Request an appointment" to the contact page, as a new install has it), which
    editors word and point in the admin. None when there is neither."""
    practice = PracticeSettings.for_request(context["request"])
    if practice.appointment_url:
        return {"url": practice.appointment_url, "label": "Book online"}
    # The same objects the default call to action further down the page uses: no
    # query of its own on pages that show it.
    cta = practice.default_call_to_action
    if cta is None or not cta.live or not cta.url:
        return None
    return {"url": cta.url, "label": cta.button_label}


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


@register.simple_tag(takes_context=True)
def brand_assets(context) -> dict:
    """The brand stylesheet's address (/brand/<digest>.css: a new one whenever the brand's
    CSS changes) and the font files to preload."""
    brand = Brand.of(PracticeSettings.for_request(context["request"]))
    return {
        "stylesheet": reverse("brand_stylesheet", args=[brand.digest]),
        "fonts": TYPEFACES[brand.typeface].preload_urls,
    }


@register.simple_tag(takes_context=True)
def site_icons(context) -> list[dict[str, str]]:
    """The browser tab's icon and the phone home screen's, from the site icon or the logo;
    the site's own mark when the practice has neither."""
    image = PracticeSettings.for_request(context["request"]).icon_image
    if image is None:
        return [{"rel": "icon", "href": static(DEFAULT_ICON), "type": "image/svg+xml"}]
    return [
        {
            "rel": "icon",
            "href": image.get_rendition(TAB_ICON_FILTER).url,
            "type": "image/png",
            "sizes": "32x32",
        },
        {
            "rel": "apple-touch-icon",
            "href": image.get_rendition(HOME_SCREEN_ICON_FILTER).url,
            "sizes": "180x180",
        },
    ]
