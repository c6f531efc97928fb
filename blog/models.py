import math

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager, PageQuerySet
from wagtail.rich_text import get_text_for_indexing
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from blog import structured_data
from blog.feeds import BlogAtomFeed, BlogRssFeed
from blog.forms import BlogPageAuthorForm, ChildFormInlinePanel
from practice_site.content.blocks import BaseStreamBlock, heading_anchor
from practice_site.content.models import (
    CallToActionMixin,
    ClinicalSectionMixin,
    MedicalReviewMixin,
)
from practice_site.content.models.panels import SEARCH_ENGINE_PANELS
from practice_site.content.models.relations import related_ids

WORDS_PER_MINUTE = 200


@register_snippet
class BlogCategory(models.Model):
    """A small, editor-managed set of topics (tags are free-form; categories are not)."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(
        max_length=80, unique=True, help_text="The category's address: /blog/category/<slug>/."
    )
    description = models.TextField(
        blank=True, help_text="Shown at the top of the category's listing."
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        verbose_name = "blog category"
        verbose_name_plural = "blog categories"
        ordering = ["name"]

    def __str__(self):
        return self.name


class BlogPageQuerySet(PageQuerySet):
    """The words every listing of posts is written in: the index, its tag and category
    pages, the feeds, related posts and the lists on other pages."""

    def listed(self):
        """Posts a visitor may see in a list: live and not behind a privacy restriction."""
        return self.live().public()

    def on_site_of(self, page):
        """Posts of the same practice site as `page`: under the same home page. Tags,
        categories and clinicians are shared by every site in the admin, so a list
        chosen by them must not reach another site's posts. Home pages sit right under
        the tree's root (depth 2), so no query is needed to find the right one."""
        return self.filter(path__startswith=page.path[: 2 * Page.steplen])

    def newest_first(self):
        """By the post date readers see, then by first publication; the id breaks ties,
        so a page of posts never shifts between two views."""
        return self.order_by("-date", "-first_published_at", "-pk")


class BlogPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.BlogPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class BlogIndexPage(ClinicalSectionMixin, RoutablePageMixin, CallToActionMixin, Page):
    intro = models.TextField(blank=True, help_text="A sentence or two above the list of posts.")

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    promote_panels = [*SEARCH_ENGINE_PANELS, *CallToActionMixin.call_to_action_panels]

    parent_page_types = ["practice_site.HomePage"]
    subpage_types = ["blog.BlogPage"]
    max_count_per_parent = 1

    posts_per_page = 10
    feed_length = 20

    class Meta:
        verbose_name = "blog index page"

    def get_posts(self):
        """Live, public posts of this blog, newest first, with what a card shows."""
        return (
            BlogPage.objects.child_of(self)
            .listed()
            .select_related("hero_image")
            .prefetch_related("categories", "tagged_items__tag", "hero_image__renditions")
            .newest_first()
        )

    def paginate(self, request, posts):
        # get_page() turns a missing, non-numeric or out-of-range ?page= into
        # the nearest real page instead of an error.
        return Paginator(posts, self.posts_per_page).get_page(request.GET.get("page"))

    def render_listing(self, request, posts, **extra):
        context = self.get_context(request)
        context["posts"] = self.paginate(request, posts)
        context.update(extra)
        return self.render(request, context_overrides=context)

    @path("")
    def index(self, request):
        return self.render_listing(request, self.get_posts())

    @path("tag/<slug:tag_slug>/", name="tag")
    def tag(self, request, tag_slug):
        tag = get_object_or_404(Tag, slug=tag_slug)
        posts = self.get_posts().filter(tagged_items__tag=tag)
        if not posts.exists():
            raise Http404("No published post has this tag.")
        return self.render_listing(request, posts, filter_label=f"Tagged “{tag.name}”", tag=tag)

    @path("category/<slug:category_slug>/", name="category")
    def category(self, request, category_slug):
        category = get_object_or_404(BlogCategory, slug=category_slug)
        return self.render_listing(
            request,
            self.get_posts().filter(categories=category),
            filter_label=category.name,
            category=category,
        )

    @path("feed/", name="rss_feed")
    def rss_feed(self, request):
        return BlogRssFeed(self)(request)

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request):
        return BlogAtomFeed(self)(request)


class BlogPage(MedicalReviewMixin, CallToActionMixin, Page):
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
        help_text=(
            "Optional. Its description in the image library is the alt text, so give it one "
            "or tick 'decorative'."
        ),
    )
    hero_image_decorative = models.BooleanField(
        "hero image is decorative",
        default=False,
        help_text="Tick only if the image adds nothing a reader would miss.",
    )
    body = StreamField(BaseStreamBlock(), use_json_field=True)
    categories = ParentalManyToManyField(
        "blog.BlogCategory",
        blank=True,
        related_name="posts",
        help_text="One or two broad topics from the list (managed under Snippets).",
    )
    tags = ClusterTaggableManager(
        through=BlogPageTag,
        blank=True,
        help_text="Free-form keywords, for example 'TMS' or 'insurance'.",
    )
    condition_name = models.CharField(
        "medical condition",
        max_length=120,
        blank=True,
        help_text=(
            "If the post is about one condition, its name, for example 'Treatment-resistant "
            "depression'. Search engines are told the page is about it."
        ),
    )
    condition_alternate_name = models.CharField(
        "condition's other name",
        max_length=60,
        blank=True,
        help_text="A common abbreviation or other name, for example 'TRD'.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("hero_image"), FieldPanel("hero_image_decorative")],
            heading="Details",
        ),
        ChildFormInlinePanel(
            "authors",
            label="Author",
            heading="Authors",
            help_text=(
                "Who wrote the post. Choose their clinician profile, if they have one: an "
                "empty name and credentials are filled in from it."
            ),
        ),
        FieldPanel("body"),
        FieldPanel("references"),
        InlinePanel(
            "related_post_links",
            label="Related post",
            heading="Related posts",
            help_text=(
                "Posts listed at the end of this one, in this order. Up to three are shown; "
                "if you pick fewer, posts sharing tags or categories fill the rest."
            ),
        ),
    ]
    promote_panels = [
        *SEARCH_ENGINE_PANELS,
        MultiFieldPanel(
            [
                # Checkboxes: a multiple select needs Ctrl-click, which few people know.
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            heading="Categories and tags",
        ),
        MultiFieldPanel(
            [FieldPanel("condition_name"), FieldPanel("condition_alternate_name")],
            heading="Medical topic (for search engines)",
        ),
        *MedicalReviewMixin.medical_review_panels,
        *CallToActionMixin.call_to_action_panels,
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []

    objects = PageManager.from_queryset(BlogPageQuerySet)()

    related_posts_limit = 3
    og_type = "article"

    class Meta:
        verbose_name = "blog post"

    def clean(self):
        super().clean()
        if (
            self.hero_image_id
            and not self.hero_image_decorative
            and not (self.hero_image.description or "").strip()
        ):
            raise ValidationError(
                {
                    "hero_image": (
                        "Give this image a description (alt text) in the image library, or "
                        "tick 'hero image is decorative'."
                    )
                }
            )

    @cached_property
    def plain_text(self) -> str:
        parts = [self.intro]
        for block in self.body:
            if block.block_type == "heading":
                parts.append(block.value["text"])
            elif block.block_type == "paragraph":
                parts.append(get_text_for_indexing(block.value.source))
            elif block.block_type == "quote":
                parts.append(block.value["text"])
        return " ".join(parts)

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(len(self.plain_text.split()) / WORDS_PER_MINUTE))

    @property
    def table_of_contents(self) -> list[dict]:
        """The post's H2 sections, for a linked list at the top of the post."""
        return [
            {"text": block.value["text"], "anchor": heading_anchor(block.value["text"])}
            for block in self.body
            if block.block_type == "heading" and block.value["level"] == "h2"
        ]

    @property
    def was_updated(self) -> bool:
        """True when the post was republished on a later day than its post date."""
        return bool(
            self.last_published_at and timezone.localdate(self.last_published_at) > self.date
        )

    @cached_property
    def blog_index(self):
        """The listing this post belongs to, for its tag and category links.

        Looked up when the template asks, not in get_context: a post whose
        content comes from the fragment cache does not need it.
        """
        return self.get_parent().specific

    def structured_data(self, request, practice) -> list[dict]:
        return structured_data.blog_page(request, self, practice)

    def get_related_posts(self) -> list["BlogPage"]:
        """Up to three posts: the editor's picks first, then newest sharing a tag or category.

        Only live, public posts, never this one. The picks, tags and categories
        are read from this page, not from rows about it: in a preview they are
        the ones being edited (held in memory until saved), and a new page has
        no rows at all.
        """
        visible = BlogPage.objects.listed().on_site_of(self)
        if self.pk:
            visible = visible.exclude(pk=self.pk)
        pick_ids = [
            post_id
            for post_id in self.related_post_links.order_by("sort_order").values_list(
                "post", flat=True
            )
            if post_id
        ]
        picks = {
            post.pk: post
            for post in visible.filter(pk__in=pick_ids)
            .select_related("hero_image")
            .prefetch_related("categories")
        }
        picked = [picks[pk] for pk in pick_ids if pk in picks][: self.related_posts_limit]
        missing = self.related_posts_limit - len(picked)
        if missing <= 0:
            return picked
        shared = (
            visible.exclude(pk__in=[post.pk for post in picked])
            .filter(
                Q(tagged_items__tag_id__in=related_ids(self.tagged_items, "tag"))
                | Q(categories__in=related_ids(self.categories, "id"))
            )
            .select_related("hero_image")
            .prefetch_related("categories")
            .newest_first()
            .distinct()
        )
        return picked + list(shared[:missing])


class BlogPageAuthor(Orderable):
    page = ParentalKey(BlogPage, on_delete=models.CASCADE, related_name="authors")
    name = models.CharField(
        max_length=120,
        help_text=(
            "As readers should see it. Leave it empty to use the name on the clinician "
            "profile chosen above."
        ),
    )
    credentials = models.CharField(
        max_length=120,
        blank=True,
        help_text=(
            "Degree and license, for example 'MD, board-certified psychiatrist'. Leave it "
            "empty to use the degree on the clinician profile."
        ),
    )
    profile_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="clinician profile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="blog_authorships",
        help_text="The author's clinician profile page on this site, if there is one.",
    )

    # The profile first: choosing it fills in the name and credentials.
    panels = [
        PageChooserPanel("profile_page", "practice_site.ClinicianPage"),
        FieldPanel("name"),
        FieldPanel("credentials"),
    ]
    base_form_class = BlogPageAuthorForm

    class Meta(Orderable.Meta):
        verbose_name = "author"


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
