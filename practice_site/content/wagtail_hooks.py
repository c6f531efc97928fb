"""The content's admin: the practice-name rich-text feature and the Calls to action snippet."""

from wagtail import hooks
from wagtail.admin.rich_text.editors.draftail import features as draftail_features
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from practice_site.content import rich_text
from practice_site.content.models import CallToAction


@hooks.register("register_rich_text_features")
def register_practice_name_feature(features):
    features.register_embed_type(rich_text.PracticeNameEmbedHandler)
    features.register_editor_plugin(
        "draftail",
        rich_text.FEATURE_NAME,
        draftail_features.EntityFeature(
            {
                "type": rich_text.ENTITY_TYPE,
                "label": "Name",
                "description": "Practice name (follows Settings)",
            },
            js=["js/admin/practice_name_entity.js"],
            css={"all": ["css/admin/practice_name_entity.css"]},
        ),
    )
    features.register_converter_rule(
        "contentstate",
        rich_text.FEATURE_NAME,
        {
            "from_database_format": {
                f'embed[embedtype="{rich_text.EMBED_TYPE}"]': rich_text.PracticeNameElementHandler(
                    rich_text.ENTITY_TYPE
                )
            },
            "to_database_format": {
                "entity_decorators": {
                    rich_text.ENTITY_TYPE: rich_text.practice_name_entity_decorator
                }
            },
        },
    )


class CallToActionViewSet(SnippetViewSet):
    model = CallToAction
    icon = "pick"
    menu_label = "Calls to action"
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "heading", "button_label", "live"]
    search_fields = ["name", "heading"]


register_snippet(CallToActionViewSet)
