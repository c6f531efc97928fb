"""Every StreamField block of the site, each with its template under templates/blocks/
where it is shown on a page: the one body vocabulary shared by every page type, the
blocks of the clinical pages' own fields, and those of the settings.

Block names are stored in each page's JSON, so they are short nouns chosen
once: renaming one later needs a data migration.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock


def heading_anchor(text: str) -> str:
    """The id a heading gets, so a table of contents and other pages can link to it."""
    return slugify(text)


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(
        label="Heading text",
        max_length=120,
        help_text="A section heading. Keep it short; readers scan these.",
    )
    level = blocks.ChoiceBlock(
        label="Heading level",
        choices=[("h2", "Section (H2)"), ("h3", "Sub-section (H3)")],
        default="h2",
        help_text="Use H2 for sections; H3 only inside an H2 section.",
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        # A stable id lets readers and a table of contents link to the section.
        context["anchor"] = heading_anchor(value["text"])
        return context

    class Meta:
        icon = "title"
        label = "Heading"
        template = "blocks/heading.html"
        description = "A section heading (H2) or sub-heading (H3)"
        preview_value = {"text": "What is treatment-resistant depression?", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        label = "Paragraph"
        template = "blocks/paragraph.html"
        description = "Text with bold, italics, links and lists"
        preview_value = (
            "<p>Depression that has not improved after two adequate treatments "
            "is <b>common</b>, and there are further options.</p>"
        )


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(
        help_text="Describe the image for people who cannot see it, or mark it decorative."
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        label = "Image"
        template = "blocks/figure.html"
        description = "An image with alt text and an optional caption"
        # No preview_value: a preview needs an image in the library, which a
        # new site does not have.


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(
        label="Quotation", help_text="Quote published sources, never patients or clients."
    )
    attribution = blocks.CharBlock(
        label="Source",
        required=False,
        max_length=200,
        help_text="Who said or wrote it, and where.",
    )

    class Meta:
        icon = "openquote"
        label = "Quote"
        template = "blocks/quote.html"
        description = "A quotation from a published source (not a testimonial)"
        preview_value = {
            "text": "Depression is treatable, even when the first treatments have not helped.",
            "attribution": "A published source",
        }


class CallToActionBlock(blocks.StructBlock):
    call_to_action = SnippetChooserBlock(
        "practice_site.CallToAction",
        required=False,
        help_text="Leave empty to show the site's default call to action from Practice settings.",
    )

    class Meta:
        icon = "pick"
        label = "Call to action"
        template = "blocks/call_to_action.html"
        description = "A call to action (the site's default, or one you choose)"
        preview_value = {"call_to_action": None}


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = FigureBlock()
    quote = QuoteBlock()
    cta = CallToActionBlock()


# Blocks of the clinical pages' own fields: a treatment's steps and questions, and the
# references of treatments and posts.


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock()

    class Meta:
        icon = "list-ol"
        label = "Step"
        template = "blocks/step.html"


class FaqBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200)
    answer = blocks.RichTextBlock(features=["bold", "italic", "link"])

    class Meta:
        icon = "help"
        label = "Question"
        template = "blocks/faq.html"


class ReferenceBlock(blocks.StructBlock):
    citation = blocks.CharBlock(
        max_length=400,
        help_text="Authors, title, journal or publisher, year. Cite primary sources.",
    )
    url = blocks.URLBlock(
        label="Web address", required=False, help_text="A link to the source, if it is online."
    )

    class Meta:
        icon = "doc-full"
        label = "Reference"
        template = "blocks/reference.html"


# Blocks for settings rather than page bodies.


class LinkBlock(blocks.StructBlock):
    """A menu link to a page of the site or to another address."""

    page = blocks.PageChooserBlock(required=False, help_text="A page of this site...")
    url = blocks.URLBlock(required=False, label="...or a web address")
    label = blocks.CharBlock(
        label="Link text",
        required=False,
        max_length=60,
        help_text="The link text. Leave empty to use the page's title.",
    )

    class Meta:
        icon = "link"
        label = "Link"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = "Choose a page or enter a web address (one of the two)."
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(message), "url": ValidationError(message)}
            )
        if value.get("url") and not value.get("label"):
            raise StructBlockValidationError(
                block_errors={"label": ValidationError("A web address needs link text.")}
            )
        return value


class OpeningHoursBlock(blocks.StructBlock):
    days = blocks.MultipleChoiceBlock(
        choices=[
            ("Monday", "Monday"),
            ("Tuesday", "Tuesday"),
            ("Wednesday", "Wednesday"),
            ("Thursday", "Thursday"),
            ("Friday", "Friday"),
            ("Saturday", "Saturday"),
            ("Sunday", "Sunday"),
        ],
        # Checkboxes: a multiple select needs Ctrl-click, which few people know.
        widget=forms.CheckboxSelectMultiple,
        help_text="The days with these hours.",
    )
    opens = blocks.TimeBlock(label="Opens at")
    closes = blocks.TimeBlock(label="Closes at")

    class Meta:
        icon = "time"
        label = "Opening hours"


class SocialLinkBlock(blocks.StructBlock):
    name = blocks.CharBlock(
        label="Site name", max_length=40, help_text="The site's name, for example LinkedIn."
    )
    url = blocks.URLBlock(label="Web address")

    class Meta:
        icon = "link-external"
        label = "Social media link"
