from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from practice_site.blocks import BaseStreamBlock
from practice_site.models import CallToActionMixin


class BlogIndexPage(CallToActionMixin, Page):
    intro = models.TextField(blank=True, help_text="A sentence or two above the list of posts.")

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    promote_panels = [*Page.promote_panels, *CallToActionMixin.call_to_action_panels]

    parent_page_types = ["practice_site.HomePage"]
    subpage_types = ["blog.BlogPage"]
    max_count_per_parent = 1

    posts_per_page = 10

    class Meta:
        verbose_name = "blog index page"

    def get_posts(self):
        return (
            BlogPage.objects.child_of(self)
            .live()
            .public()
            .select_related("hero_image")
            .order_by("-date", "-first_published_at")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # get_page() turns a missing, non-numeric or out-of-range ?page= into
        # the nearest real page instead of an error.
        paginator = Paginator(self.get_posts(), self.posts_per_page)
        context["posts"] = paginator.get_page(request.GET.get("page"))
        return context


class BlogPage(CallToActionMixin, Page):
    intro = models.TextField(
        help_text="A one- or two-sentence summary shown under the title and on post listings.",
    )
    date = models.DateField(
        "post date",
        default=timezone.localdate,
        help_text="The date readers see as the publication date.",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional. Its description in the image library is used as the alt text.",
    )
    body = StreamField(BaseStreamBlock(), use_json_field=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("date"), FieldPanel("hero_image")], heading="Details"),
        FieldPanel("body"),
        InlinePanel(
            "related_post_links",
            label="Related posts",
            heading="Related posts",
            help_text="Posts listed at the end of this one, in this order.",
        ),
    ]
    promote_panels = [*Page.promote_panels, *CallToActionMixin.call_to_action_panels]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "blog post"

    def get_related_posts(self):
        """Editor-picked related posts that visitors can see, in the editor's order."""
        return (
            BlogPage.objects.live()
            .public()
            .filter(related_from_links__page=self)
            .exclude(pk=self.pk)
            .order_by("related_from_links__sort_order")
        )


class BlogPageRelatedPost(Orderable):
    page = ParentalKey(BlogPage, on_delete=models.CASCADE, related_name="related_post_links")
    post = models.ForeignKey(
        BlogPage,
        on_delete=models.CASCADE,
        related_name="related_from_links",
        help_text="A published post on a related topic.",
    )

    panels = [FieldPanel("post")]

    class Meta(Orderable.Meta):
        verbose_name = "related post"
        constraints = [
            models.UniqueConstraint(fields=["page", "post"], name="unique_related_post")
        ]
