"""Creates whatever initial content is missing, and never touches what exists.

Each page is looked up by its slug under its parent; an existing page (perhaps
edited or renamed by an editor) is left exactly as it is, so running the
loader again changes nothing. What it creates carries the demo mark
(practice_site/editorial/demo_content.py) until an editor saves it; objects that already
exist are never marked again.

The one thing it does set on every run is the default Site's host name and
port, from WAGTAILADMIN_BASE_URL (practice_site/edge/site_address.py): the address is
configuration, not content.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from wagtail.models import Page, Site

from blog.forms import author_details_from_profile
from blog.models import (
    BlogCategory,
    BlogIndexPage,
    BlogPage,
    BlogPageAuthor,
    BlogPageRelatedPost,
)
from initial_content import content, practice_pages
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
from practice_site.editorial.demo_content import DEMO_PRACTICE_SETTINGS, demo_mark
from practice_site.editorial.roles import roles_setup


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def note(self, label: str, was_created: bool) -> None:
        (self.created if was_created else self.kept).append(label)


def initial_content_load() -> LoadReport:
    report = LoadReport()
    with transaction.atomic():
        site, home = _ensure_home_page(report)
        address_changed = site_address_setup(site)
        report.note(f"site address {site.root_url}", was_created=address_changed)
        treatment_index, _ = _ensure_child(
            home, TreatmentIndexPage, report, **practice_pages.TREATMENT_INDEX
        )
        treatments = _ensure_treatments(treatment_index, report)
        team_index, _ = _ensure_child(home, TeamIndexPage, report, **practice_pages.TEAM_INDEX)
        clinicians = _ensure_clinicians(team_index, treatments, report)
        blog_index, _ = _ensure_child(home, BlogIndexPage, report, **content.BLOG_INDEX)
        contact, _ = _ensure_child(home, ContactPage, report, **content.CONTACT_PAGE)
        privacy, _ = _ensure_child(home, StandardPage, report, **content.PRIVACY_POLICY)
        notices = {
            spec["slug"]: _ensure_child(home, StandardPage, report, **spec)[0]
            for spec in practice_pages.NOTICES
        }
        call_to_action = _ensure_call_to_action(contact, report)
        _ensure_practice_settings(
            site, call_to_action, privacy, notices["notice-of-privacy-practices"], report
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
        _ensure_posts(blog_index, clinicians.get(practice_pages.ARTICLE_AUTHOR_SLUG), report)
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


def _ensure_treatments(index: TreatmentIndexPage, report: LoadReport) -> dict[str, TreatmentPage]:
    return {
        spec["slug"]: _ensure_child(index, TreatmentPage, report, **spec)[0]
        for spec in practice_pages.TREATMENTS
    }


def _ensure_clinicians(
    index: TeamIndexPage, treatments: dict[str, TreatmentPage], report: LoadReport
) -> dict[str, ClinicianPage]:
    clinicians = {}
    for spec in practice_pages.CLINICIANS:
        fields = {key: value for key, value in spec.items() if key != "treatments"}
        clinician, created = _ensure_child(index, ClinicianPage, report, **fields)
        if created:
            clinician.treatments = [treatments[slug] for slug in spec["treatments"]]
            _publish(clinician)
        clinicians[spec["slug"]] = clinician
    return clinicians


def _publish(page: Page) -> None:
    page.save_revision().publish()


def _ensure_child(parent: Page, page_class, report: LoadReport, *, slug: str, **fields):
    """(page, created): the child with this slug, created and published if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        report.note(f"page {existing.url_path}", was_created=False)
        return existing.specific, False
    page = page_class(slug=slug, **fields)
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
    blog_index: BlogIndexPage, author: ClinicianPage | None, report: LoadReport
) -> None:
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
