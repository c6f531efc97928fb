from django import template

from wagtail.models import Site

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The site root's live children marked "show in menus", with the current one flagged."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"menu_items": []}
    current_page = context.get("page")
    current_path = current_page.path if current_page else ""
    pages = site.root_page.get_children().live().public().in_menu()
    return {
        "request": request,
        "menu_items": [
            {"page": page, "is_current": current_path.startswith(page.path)} for page in pages
        ],
    }
