"""Editor panels every page type shares."""

from wagtail.admin.panels import FieldPanel, MultiFieldPanel

# Wagtail's default Promote tab without its "Show in menus" box: the site's
# menus come from Settings -> Navigation, so that box would change nothing.
SEARCH_ENGINE_PANELS = [
    MultiFieldPanel(
        [FieldPanel("slug"), FieldPanel("seo_title"), FieldPanel("search_description")],
        heading="For search engines",
    ),
]
