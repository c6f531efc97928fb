"""Creates whatever initial content is missing, and never touches what exists.

Each page is looked up by its slug under its parent; an existing page (perhaps
edited or renamed by an editor) is left exactly as it is, so running the
loader again changes nothing. What it creates carries the demo mark
(practice_site/editorial/demo_content.py) until an editor saves it; objects that already
exist are never marked again.

Images: the pages and settings it creates get artwork drawn by initial_content/artwork.py,
kept in the image library's "Initial artwork" collection. A page or setting that still
carries the demo mark (no editor has saved it, and a page has no draft) also gets any of
these fields that are empty filled in, so an install loaded before the images existed
gets them too; an image is drawn only when a field needs it, and found again by its
title in that collection rather than drawn twice. Whatever an editor has saved keeps
their choice, an empty one included.

The one thing it does set on every run is the default Site's host name and
port, from WAGTAILADMIN_BASE_URL (practice_site/edge/site_address.py): the address is
configuration, not content.
"""

import datetime
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PIL import Image as PillowImage

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site

from blog.forms import author_details_from_profile
from blog.models import (
    BlogCategory,
    BlogIndexPage,
    BlogPage,
    BlogPageAuthor,
    BlogPageRelatedPost,
)
from initial_content import artwork, content, practice_pages
from practice_site.content.brand import DEFAULT_TYPEFACE, TYPEFACES
from practice_site.content.models import (
    CallToAction,
    ClinicianPage,
    ContactPage,
    HomePage,
    NavigationSettings,
    PracticeSettings,
    StandardPage,
    TeamIndexPage,
    TreatmentIndexPage,
    TreatmentPage,
)
from practice_site.edge.site_address import site_address_setup
from practice_site.editorial.demo_content import DEMO_PRACTICE_SETTINGS, demo_mark, is_demo
from practice_site.editorial.roles import roles_setup


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def note(self, label: str, was_created: bool) -> None:
        (self.created if was_created else self.kept).append(label)


# Fields to fill when empty: each field's name, and what to set when it is empty (that
# field and any that go with it), made only when needed.
Fill = dict[str, Callable[[], dict[str, Any]]]


class ArtworkLibrary:
    """The loader's images in the image library, each drawn the first time a field needs it.

    An image is found again by its title in the "Initial artwork" collection, so running
    the loader again draws nothing that is there. Files go through the image model's
    storage (STORAGES["default"]), whatever it is.
    """

    def __init__(self, report: LoadReport, *, draw: bool = True):
        self.report = report
        self.draw = draw
        self._collection: Collection | None = None
        self._images: dict[str, Any] = {}

    def home_hero(self):
        return self._image(content.ARTWORK_TITLES["home"], "home", artwork.home_hero)

    def post(self, slug: str):
        return self._image(
            content.ARTWORK_TITLES["post"].format(slug=slug),
            f"post-{slug}",
            lambda: artwork.post_image(slug),
        )

    def treatment(self, slug: str):
        return self._image(
            content.ARTWORK_TITLES["treatment"].format(slug=slug),
            f"treatment-{slug}",
            lambda: artwork.treatment_image(slug),
        )

    def portrait_placeholder(self):
        return self._image(
            content.ARTWORK_TITLES["portrait"],
            "portrait-placeholder",
            artwork.portrait_placeholder,
            description=content.PORTRAIT_PLACEHOLDER_DESCRIPTION,
        )

    def share_image(self, practice: PracticeSettings):
        return self._image(
            content.ARTWORK_TITLES["share"],
            "share",
            lambda: artwork.share_image(
                practice.practice_name, _bold_font_path(practice.typeface)
            ),
        )

    def logo(self, *, dark: bool = False):
        if dark:
            return self._image(
                content.ARTWORK_TITLES["logo_dark"], "logo-dark", lambda: artwork.logo(dark=True)
            )
        return self._image(content.ARTWORK_TITLES["logo"], "logo", artwork.logo)

    def _image(self, title: str, name: str, draw: Callable[[], bytes], description: str = ""):
        if not self.draw:
            return None
        if title in self._images:
            return self._images[title]
        image_model = get_image_model()
        collection = self._collection_get()
        image = image_model.objects.filter(collection=collection, title=title).first()
        if image is None:
            data = draw()
            with PillowImage.open(io.BytesIO(data)) as picture:  # reads only the header
                size, extension = picture.size, {"JPEG": "jpg", "PNG": "png"}[picture.format]
            image = image_model(
                title=title,
                description=description,
                collection=collection,
                file_size=len(data),
                file_hash=hashlib.sha1(data).hexdigest(),  # noqa: S324 - Wagtail's own hash
            )
            image.file.save(f"initial-{name}.{extension}", ContentFile(data), save=False)
            # Saving the file leaves the size unset; Wagtail's upload form reads it the same way.
            image.width, image.height = size
            image.save()
            self.report.note(f"image {title}", was_created=True)
        else:
            self.report.note(f"image {title}", was_created=False)
        self._images[title] = image
        return image

    def _collection_get(self) -> Collection:
        if self._collection is None:
            root = Collection.get_first_root_node()
            self._collection = root.get_children().filter(
                name=content.ARTWORK_COLLECTION
            ).first() or root.add_child(name=content.ARTWORK_COLLECTION)
        return self._collection


def _bold_font_path(typeface_key: str) -> str | None:
    """The bold face of the practice's typeface (or the default one), from static/fonts/."""
    typeface = TYPEFACES.get(typeface_key)
    if typeface is None or not typeface.folder:
        typeface = TYPEFACES[DEFAULT_TYPEFACE]
    found = finders.find(f"fonts/{typeface.folder}/{typeface.folder}-latin-700-normal.woff2")
    return str(found) if found else None


def _made(make: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """The fields `make` gives, or none when it needed an image the loader did not draw."""
    values = make()
    return {} if any(value is None for value in values.values()) else values


def _fill_values(fill: Fill | None) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for make in (fill or {}).values():
        values.update(_made(make))
    return values


def _is_empty(instance: Model, name: str) -> bool:
    return getattr(instance, instance._meta.get_field(name).attname) in (None, "")


def _demo_fill(instance: Model, fill: Fill, report: LoadReport, label: str) -> None:
    """Fills the empty fields of `fill` on an object still as the loader made it.

    Only while it carries the demo mark (an editor's save clears it) and, for a page, has
    no draft; a page is published again, so its latest revision holds the new values.
    """
    if not is_demo(instance):
        return
    if isinstance(instance, Page):
        # A page published a moment ago (the new home page) is stale in memory.
        instance.refresh_from_db()
        if instance.has_unpublished_changes:
            return
    values: dict[str, Any] = {}
    for name, make in fill.items():
        if _is_empty(instance, name):
            values.update(_made(make))
    if not values:
        return
    for name, value in values.items():
        setattr(instance, name, value)
    if isinstance(instance, Page):
        _publish(instance)
    else:
        instance.save(update_fields=list(values))
    report.note(f"{label}: {', '.join(values)}", was_created=True)


def initial_content_load(*, images: bool | None = None) -> LoadReport:
    """`images`: whether to draw the artwork; INITIAL_CONTENT_IMAGES when not given."""
    report = LoadReport()
    if images is None:
        images = settings.INITIAL_CONTENT_IMAGES
    with transaction.atomic():
        art = ArtworkLibrary(report, draw=images)
        site, home = _ensure_home_page(report)
        address_changed = site_address_setup(site)
        report.note(f"site address {site.root_url}", was_created=address_changed)
        treatment_index, _ = _ensure_child(
            home, TreatmentIndexPage, report, **practice_pages.TREATMENT_INDEX
        )
        _demo_fill(
            home,
            {
                "hero_heading": lambda: {"hero_heading": content.HOME_PAGE["hero_heading"]},
                "hero_image": lambda: {"hero_image": art.home_hero()},
                "hero_secondary_page": lambda: {"hero_secondary_page": treatment_index},
            },
            report,
            label=f"page {home.url_path}",
        )
        treatments = _ensure_treatments(treatment_index, art, report)
        team_index, _ = _ensure_child(home, TeamIndexPage, report, **practice_pages.TEAM_INDEX)
        clinicians = _ensure_clinicians(team_index, treatments, art, report)
        blog_index, _ = _ensure_child(home, BlogIndexPage, report, **content.BLOG_INDEX)
        contact, _ = _ensure_child(home, ContactPage, report, **content.CONTACT_PAGE)
        privacy, _ = _ensure_child(home, StandardPage, report, **content.PRIVACY_POLICY)
        notices = {
            spec["slug"]: _ensure_child(home, StandardPage, report, **spec)[0]
            for spec in practice_pages.NOTICES
        }
        call_to_action = _ensure_call_to_action(contact, report)
        _ensure_practice_settings(
            site, call_to_action, privacy, notices["notice-of-privacy-practices"], art, report
        )
        _ensure_navigation(
            site,
            header_pages=[treatment_index, team_index, blog_index, contact],
            footer_pages=[
                notices["notice-of-privacy-practices"],
                privacy,
                notices["good-faith-estimate"],
                notices["fees-and-insurance"],
                notices["telehealth"],
                notices["accessibility"],
                notices["medical-disclaimer"],
                contact,
            ],
            report=report,
        )
        _ensure_posts(blog_index, clinicians.get(practice_pages.ARTICLE_AUTHOR_SLUG), art, report)
        roles_setup(
            home=home, blog_indexes=[blog_index], clinical_pages=[blog_index, treatment_index]
        )
    return report


def staff_roles_setup():
    """The staff groups and clinical review workflow for the default site's pages."""
    site = Site.objects.get(is_default_site=True)
    home = site.root_page
    blog_indexes = list(BlogIndexPage.objects.child_of(home))
    treatment_indexes = list(TreatmentIndexPage.objects.child_of(home))
    return roles_setup(
        home=home, blog_indexes=blog_indexes, clinical_pages=blog_indexes + treatment_indexes
    )


def _ensure_treatments(
    index: TreatmentIndexPage, art: ArtworkLibrary, report: LoadReport
) -> dict[str, TreatmentPage]:
    def fill(slug: str) -> Fill:
        return {"image": lambda: {"image": art.treatment(slug)}}

    treatments = {}
    for spec in practice_pages.TREATMENTS:
        page, _ = _ensure_child(index, TreatmentPage, report, fill=fill(spec["slug"]), **spec)
        treatments[spec["slug"]] = page
    return treatments


def _ensure_clinicians(
    index: TeamIndexPage,
    treatments: dict[str, TreatmentPage],
    art: ArtworkLibrary,
    report: LoadReport,
) -> dict[str, ClinicianPage]:
    clinicians = {}
    fill: Fill = {"photo": lambda: {"photo": art.portrait_placeholder()}}
    for spec in practice_pages.CLINICIANS:
        fields = {key: value for key, value in spec.items() if key != "treatments"}
        clinician, created = _ensure_child(index, ClinicianPage, report, fill=fill, **fields)
        if created:
            clinician.treatments = [treatments[slug] for slug in spec["treatments"]]
            _publish(clinician)
        clinicians[spec["slug"]] = clinician
    return clinicians


def _publish(page: Page) -> None:
    page.save_revision().publish()


def _ensure_child(
    parent: Page, page_class, report: LoadReport, *, slug: str, fill: Fill | None = None, **fields
):
    """(page, created): the child with this slug, created and published if missing.

    `fill` gives fields (images) that a new page gets, and an existing one still carrying
    the demo mark gets where they are empty (see _demo_fill).
    """
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        report.note(f"page {existing.url_path}", was_created=False)
        page = existing.specific
        if fill:
            _demo_fill(page, fill, report, label=f"page {page.url_path}")
        return page, False
    page = page_class(slug=slug, **fields, **_fill_values(fill))
    parent.add_child(instance=page)
    _publish(page)
    demo_mark(page)
    report.note(f"page {page.url_path}", was_created=True)
    return page, True


def _ensure_home_page(report: LoadReport) -> tuple[Site, HomePage]:
    root = Page.get_first_root_node()
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None and isinstance(site.root_page.specific, HomePage):
        report.note("home page", was_created=False)
        return site, site.root_page.specific

    # A new Wagtail database has a placeholder "Welcome" page as the site
    # root. Remove it only while it is still the untouched placeholder.
    if site is not None:
        placeholder = site.root_page
        if type(placeholder.specific) is Page and not placeholder.get_children().exists():
            site.root_page = root
            site.save(update_fields=["root_page"])
            placeholder.delete()

    home = HomePage(
        slug="home" if not root.get_children().filter(slug="home").exists() else "practice-home",
        **content.HOME_PAGE,
    )
    root.add_child(instance=home)
    _publish(home)
    demo_mark(home)
    if site is None:
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True
        )
    else:
        site.root_page = home
        site.save(update_fields=["root_page"])
    report.note("home page", was_created=True)
    return site, home


def _ensure_call_to_action(contact: ContactPage, report: LoadReport) -> CallToAction | None:
    # Any existing call to action means editors have their own: add none.
    if CallToAction.objects.exists():
        report.note("call to action", was_created=False)
        return None
    call_to_action = CallToAction(link_page=contact, **content.CALL_TO_ACTION)
    call_to_action.save()
    call_to_action.save_revision().publish()
    demo_mark(call_to_action)
    report.note("call to action", was_created=True)
    return call_to_action


def _ensure_practice_settings(
    site: Site,
    call_to_action: CallToAction | None,
    privacy: Page,
    privacy_notice: Page,
    art: ArtworkLibrary,
    report: LoadReport,
) -> None:
    practice, created = PracticeSettings.objects.get_or_create(
        site=site,
        defaults={
            **DEMO_PRACTICE_SETTINGS,
            "opening_hours": content.OPENING_HOURS,
            "default_call_to_action": call_to_action,
            "privacy_policy_page": privacy,
            "privacy_notice_page": privacy_notice,
        },
    )
    if created:
        demo_mark(practice)
    report.note("practice settings", was_created=created)
    _demo_fill(
        practice,
        {
            "logo": lambda: {"logo": art.logo()},
            "logo_dark": lambda: {"logo_dark": art.logo(dark=True)},
            # The logo is square: it is the site icon too.
            "icon": lambda: {"icon": art.logo()},
            "default_share_image": lambda: {"default_share_image": art.share_image(practice)},
        },
        report,
        label="practice settings",
    )


def _ensure_navigation(
    site: Site, *, header_pages: list[Page], footer_pages: list[Page], report: LoadReport
) -> None:
    def links(pages):
        return [
            {"type": "link", "value": {"page": page.pk, "url": "", "label": ""}} for page in pages
        ]

    navigation, created = NavigationSettings.objects.get_or_create(
        site=site,
        defaults={"header_links": links(header_pages), "footer_links": links(footer_pages)},
    )
    if created:
        demo_mark(navigation)
    report.note("navigation", was_created=created)


def _ensure_posts(
    blog_index: BlogIndexPage,
    author: ClinicianPage | None,
    art: ArtworkLibrary,
    report: LoadReport,
) -> None:
    def fill(slug: str) -> Fill:
        # Artwork carries no information: decorative, so it needs no alt text.
        return {
            "hero_image": lambda: {"hero_image": art.post(slug), "hero_image_decorative": True}
        }

    today = timezone.localdate()
    article_slug = content.TRD_ARTICLE["slug"]
    specs = [content.TRD_ARTICLE, *content.RELATED_POSTS]
    posts: dict[str, BlogPage] = {}
    created: list[tuple[BlogPage, dict]] = []
    for age_in_days, spec in enumerate(specs):
        fields = {key: value for key, value in spec.items() if key not in ("category", "tags")}
        post, was_created = _ensure_child(
            blog_index,
            BlogPage,
            report,
            fill=fill(spec["slug"]),
            date=today - datetime.timedelta(days=age_in_days),
            **fields,
        )
        posts[spec["slug"]] = post
        if was_created:
            created.append((post, spec))

    # Topics and related posts go only on pages made in this run: on an
    # existing page they are the editors' to keep.
    for post, spec in created:
        category, category_created = BlogCategory.objects.get_or_create(
            slug=spec["category"], defaults={"name": content.CATEGORIES[spec["category"]]}
        )
        if category_created:
            demo_mark(category)
        post.categories.set([category])
        post.tags.set(spec["tags"])
        others = [other for slug, other in posts.items() if slug != post.slug]
        if post.slug != article_slug:
            # Each short post points back to the main article first.
            others.sort(key=lambda other: other.slug != article_slug)
        post.related_post_links = [
            BlogPageRelatedPost(post=other, sort_order=index)
            for index, other in enumerate(others[: BlogPage.related_posts_limit])
        ]
        if author is not None and post.slug == article_slug:
            post.authors = [
                BlogPageAuthor(profile_page=author, **author_details_from_profile(author))
            ]
        _publish(post)
