"""The "practice name" rich-text element.

Editors insert it from the Draftail toolbar; it is stored as
<embed embedtype="practice_name"/> and rendered as the current
PracticeSettings name of the site being viewed, so renaming the practice in
Settings renames it in every article at once.
"""

from draftjs_exporter.dom import DOM

from django.utils.html import escape

from wagtail.admin.rich_text.converters.html_to_contentstate import (
    KEEP_WHITESPACE,
    InlineEntityElementHandler,
)
from wagtail.rich_text import EmbedHandler

from practice_site.content.models import PracticeSettings

EMBED_TYPE = "practice_name"
ENTITY_TYPE = "PRACTICE_NAME"
FEATURE_NAME = "practice-name"
# What the editor shows inside the element; the live name replaces it on the site.
EDITOR_PLACEHOLDER = "Practice name"


class PracticeNameEmbedHandler(EmbedHandler):
    identifier = EMBED_TYPE

    @staticmethod
    def expand_db_attributes(attrs: dict) -> str:
        return escape(PracticeSettings.current().practice_name)


class PracticeNameElementHandler(InlineEntityElementHandler):
    """Database HTML -> Draftail: the void <embed> becomes an entity over placeholder text."""

    mutability = "IMMUTABLE"

    def handle_starttag(self, name, attrs, state, contentstate):
        super().handle_starttag(name, attrs, state, contentstate)
        state.current_block.text += EDITOR_PLACEHOLDER
        state.leading_whitespace = KEEP_WHITESPACE


def practice_name_entity_decorator(props):
    """Draftail -> database HTML: drop the placeholder text, keep only the reference."""
    return DOM.create_element("embed", {"embedtype": EMBED_TYPE})
