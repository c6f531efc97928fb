"""Factories for every page type, snippet and setting, and a small site built from them.

Each page factory makes a page that passes `full_clean()`, live as a publish leaves
it (first and last published now, a live revision, the content version replaced), in
one save and a few queries more. Pass `live=False` for a draft, and `with_revision=True`
to go through Wagtail's own publish (its history entries and `page_published` signal).

Give a page its parent: `BlogPageFactory(parent=blog)`. Many-to-many fields, tags
and authors are passed as lists and saved with the page:
`BlogPageFactory(parent=blog, tags=["Sleep"], categories=[category])`. To change a
page afterwards, change it and `page.save_revision().publish()`, as an editor would.

`site_tree_build()` makes a practice site of its own, served at the test client's
address in place of the initial content: home, contact page, two notices, a blog
with posts, treatments and clinicians, practice settings, menus, a call to action and,
on request, the staff roles' rights on the new pages. Most tests take it as the `site_tree` fixture
(tests/content_fixtures.py). Tests whose subject is the initial content itself use
the `site_content` fixture instead.
"""

import datetime
from dataclasses import dataclass, field, fields

import factory
import wagtail_factories

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from wagtail.models import Collection, Page, Revision, Site

from blog.models import (
    BlogCategory,
    BlogIndexPage,
    BlogPage,
    BlogPageAuthor,
    BlogPageRelatedPost,
)
from practice_site.content.models import (
    CallToAction,
    ClinicianPage,
    ContactPage,
    HomePage,
    NavigationSettings,
    PracticeSettings,
    RegulatoryStatus,
    StandardPage,
    TeamIndexPage,
    TreatmentIndexPage,
    TreatmentPage,
)
from practice_site.content.models.treatments import TreatmentSchemaType
from practice_site.edge.site_address import configured_address
from practice_site.editorial.roles import roles_setup

# A made-up NPI with a valid check digit (the example CMS uses).
VALID_NPI = "1234567893"


def paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": html}


def heading(text: str, level: str = "h2") -> dict:
    return {"type": "heading", "value": {"text": text, "level": level}}


# Pages ---------------------------------------------------------------------------


def revision_record(obj) -> Revision:
    """The revision a publish (or, for a draft, a save) leaves, written in a few queries.

    Pages and snippets then have a latest revision and, when live, a live revision, as
    after the editor's Publish: later scheduling, reverting and comparing see the same
    history. Saving it with an update sends no signals: the object's own save already
    replaced the content version. No history log entry is written.
    """
    revision = Revision.objects.create(
        content_object=obj,
        base_content_type=obj.get_base_content_type(),
        content=obj.serializable_data(),
        object_str=str(obj),
    )
    fields = {"latest_revision": revision, "live_revision": revision if obj.live else None}
    if isinstance(obj, Page):
        fields.update(latest_revision_created_at=revision.created_at, draft_title=obj.title)
    type(obj)._default_manager.filter(pk=obj.pk).update(**fields)
    for name, value in fields.items():
        setattr(obj, name, value)
    return revision


class PublishedPageFactory(wagtail_factories.PageFactory):
    """A live page as a publish leaves it (first and last published now, a live revision),
    or `live=False` for a draft (a latest revision, never published). Many-to-many fields
    and tags (`_relations`) and inline children (`_children`) are given as lists and saved
    with the page's one save.

    `with_revision=True` goes through Wagtail's own save_revision() and publish(), as the
    editor does: history log entries and the `page_published` signal (front-cache purges),
    for tests about those. It costs about three times the queries.
    """

    # Not declarations (factory_boy skips names starting with "_"): the fields a
    # factory takes as lists and holds in memory (django-modelcluster) until the save.
    _relations: tuple[str, ...] = ()
    _children: tuple[str, ...] = ()
    with_revision = factory.PostGeneration(lambda page, create, extracted, **kwargs: extracted)

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @classmethod
    def _create_instance(cls, model_class, parent, kwargs):
        relations = {name: kwargs.pop(name, None) for name in cls._relations}
        children = {name: kwargs.pop(name, None) for name in cls._children}
        page = model_class(**kwargs)
        if page.live:
            page.first_published_at = page.first_published_at or timezone.now()
            page.last_published_at = page.last_published_at or page.first_published_at
        else:
            page.has_unpublished_changes = True
        for name, value in relations.items():
            if value is not None:
                getattr(page, name).set(value)
        for name, value in children.items():
            if value is not None:
                setattr(page, name, value)
        parent.add_child(instance=page)
        return page

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if not create:
            return
        if not (results or {}).get("with_revision"):
            revision_record(instance)
            return
        revision = instance.save_revision()
        if instance.live:
            revision.publish()
            instance.refresh_from_db()


class HomePageFactory(PublishedPageFactory):
    """A site's home page, directly under the tree root (give it a Site: `SiteFactory`)."""

    parent = factory.LazyFunction(Page.get_first_root_node)
    # Not the practice name: that comes from the settings, and tests change it there.
    title = "Depression care that keeps looking"
    slug = factory.Sequence(lambda n: f"home-{n}")
    intro = "Care for depression that has not improved with treatment."
    body = factory.LazyFunction(
        lambda: [paragraph("<p>We offer several treatments and plan them with you.</p>")]
    )

    class Meta:
        model = HomePage


class StandardPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    intro = "A short summary of this page."

    class Meta:
        model = StandardPage


class ContactPageFactory(PublishedPageFactory):
    title = "Contact us"
    slug = "contact"
    intro = "<p>Tell us how to reach you and we will call you back.</p>"
    thank_you_text = "<p>Thank you. We reply within one working day.</p>"

    class Meta:
        model = ContactPage


class TreatmentIndexPageFactory(PublishedPageFactory):
    title = "Treatments"
    slug = "treatments"
    intro = "The treatments we offer."

    class Meta:
        model = TreatmentIndexPage


class ClinicalPageFactory(PublishedPageFactory):
    """Blog posts and treatment pages: published with no review line unless `reviewed=True`.

    `reviewed=True` gives the page what an approval in Clinical review writes (a
    reviewer's name and today's date); pass `medical_reviewer=clinician` as well to
    link the reviewer's profile.
    """

    class Meta:
        abstract = True

    class Params:
        reviewed = factory.Trait(
            medical_reviewer_name=factory.LazyAttribute(
                lambda page: (
                    page.medical_reviewer.name_with_degree
                    if page.medical_reviewer
                    else "Dr. Morgan Reyes, MD"
                )
            ),
            last_reviewed=factory.LazyFunction(timezone.localdate),
        )

    medical_reviewer = None


class TreatmentPageFactory(ClinicalPageFactory):
    title = factory.Sequence(lambda n: f"Treatment {n}")
    summary = factory.LazyAttribute(lambda page: f"What {page.title} is, in two sentences.")
    who_it_may_help = "<p>Adults whose depression has not improved with medication.</p>"
    what_to_expect = factory.LazyFunction(
        lambda: [
            {"type": "step", "value": {"title": "Assessment", "text": "A first visit."}},
            {"type": "step", "value": {"title": "Sessions", "text": "Weekly, for a while."}},
        ]
    )
    regulatory_status = RegulatoryStatus.NOT_APPLICABLE
    schema_type = TreatmentSchemaType.PSYCHOLOGICAL
    related_posts_tag = factory.LazyAttribute(lambda page: page.title)

    class Meta:
        model = TreatmentPage


class TeamIndexPageFactory(PublishedPageFactory):
    title = "Our team"
    slug = "team"
    intro = "The clinicians you may meet."

    class Meta:
        model = TeamIndexPage


class ClinicianPageFactory(PublishedPageFactory):
    """A therapist who does not prescribe; `prescriber=True` makes a psychiatrist with an NPI."""

    title = factory.Sequence(lambda n: f"Alex Clinician {n}")
    degree = "LCSW"
    job_title = "Clinical social worker"
    license_type = "Licensed Clinical Social Worker"
    license_number = factory.Sequence(lambda n: f"LCSW-{100000 + n}")
    license_states = "IL"
    bio = "<p>Offers talking therapies, in person and by telehealth.</p>"
    languages = "English"
    _relations = ("treatments",)
    treatments = None

    class Meta:
        model = ClinicianPage

    class Params:
        prescriber = factory.Trait(
            title=factory.Sequence(lambda n: f"Dr. Sam Psychiatrist {n}"),
            degree="MD",
            job_title="Psychiatrist",
            license_type="Physician (MD)",
            license_number=factory.Sequence(lambda n: f"MD-{200000 + n}"),
            is_prescriber=True,
            npi=VALID_NPI,
        )


class BlogIndexPageFactory(PublishedPageFactory):
    title = "Blog"
    slug = "blog"
    intro = "Plain explanations of depression and its treatments."

    class Meta:
        model = BlogIndexPage


class BlogCategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.LazyAttribute(lambda category: slugify(category.name))

    class Meta:
        model = BlogCategory


class BlogPageFactory(ClinicalPageFactory):
    """A post dated today. Takes `tags=["Sleep"]`, `categories=[category]`,
    `authors=[blog_author(clinician)]` and `related_posts=[post, ...]` (the editor's picks).
    """

    title = factory.Sequence(lambda n: f"Post number {n}")
    intro = factory.Sequence(lambda n: f"Summary of post number {n}.")
    date = factory.LazyFunction(timezone.localdate)
    body = factory.LazyFunction(lambda: [paragraph("<p>Some helpful words.</p>")])
    _relations = ("tags", "categories")
    _children = ("authors", "related_post_links")
    tags = None
    categories = None
    authors = None

    class Meta:
        model = BlogPage

    class Params:
        related_posts = ()

    related_post_links = factory.LazyAttribute(
        lambda page: (
            [
                BlogPageRelatedPost(post=post, sort_order=index)
                for index, post in enumerate(page.related_posts)
            ]
            or None
        )
    )


def blog_author(clinician: ClinicianPage) -> BlogPageAuthor:
    """An author line for `clinician`, as the post editor fills it in from their profile."""
    return BlogPageAuthor(
        name=clinician.title, credentials=clinician.degree, profile_page=clinician
    )


# Images, snippets, settings ------------------------------------------------------


class ImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"Photo {n}")
    description = "A calm waiting room with two chairs and a plant"
    file = factory.django.ImageField(width=1600, height=900, color="steelblue")
    # The library's one root collection, where staff roles have their permissions
    # (wagtail-factories would add a new root collection for every image).
    collection = factory.LazyFunction(Collection.get_first_root_node)


class CallToActionFactory(factory.django.DjangoModelFactory):
    """A live call to action; `live=False` saves a draft. The button opens `link_page`, or
    a booking address when no page is given. `with_revision=True` publishes it through a
    revision, as the snippet editor does."""

    name = factory.Sequence(lambda n: f"Call to action {n}")
    heading = factory.LazyAttribute(lambda cta: f"{cta.name} heading")
    text = "We reply within one working day."
    button_label = factory.LazyAttribute(lambda cta: f"{cta.name} button")
    link_page = None
    link_url = factory.LazyAttribute(
        lambda cta: "" if cta.link_page else "https://booking.example/lakeside"
    )
    with_revision = factory.PostGeneration(lambda cta, create, extracted, **kwargs: extracted)

    class Meta:
        model = CallToAction
        skip_postgeneration_save = True

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if not create:
            return
        if not (results or {}).get("with_revision"):
            revision_record(instance)
            return
        revision = instance.save_revision()
        if instance.live:
            revision.publish()
            instance.refresh_from_db()


class SiteFactory(factory.django.DjangoModelFactory):
    """The default Site at the configured address (the test client's), with `root_page`.

    The Site already at that address (the initial content's) is deleted first, with its
    settings, inside the test's transaction: the test client then reaches the new root
    page only, and pages have root-relative URLs as on a one-site install. The initial
    content's pages stay in the database, under no site.
    """

    hostname = factory.LazyFunction(lambda: configured_address()[0])
    port = factory.LazyFunction(lambda: configured_address()[1])
    site_name = "Lakeside Mood Clinic"
    root_page = factory.SubFactory(HomePageFactory)
    is_default_site = True

    class Meta:
        model = Site

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        same_address = Q(hostname=kwargs["hostname"], port=kwargs["port"])
        if kwargs["is_default_site"]:
            same_address |= Q(is_default_site=True)
        for other in Site.objects.filter(same_address):
            other.delete()  # one by one, so the site caches hear of it
        return super()._create(model_class, *args, **kwargs)


class PracticeSettingsFactory(factory.django.DjangoModelFactory):
    """A practice's settings, every field a visitor sees filled in (none of the demo values)."""

    site = factory.SubFactory(SiteFactory)
    practice_name = "Lakeside Mood Clinic"
    short_name = "Lakeside"
    tagline = "Care for depression that has not responded to treatment"
    phone = "(312) 555-0100"
    email = "office@lakeside.example"
    street_address = "200 Lake Street, Suite 3"
    address_locality = "Evanston"
    address_region = "IL"
    postal_code = "60201"
    opening_hours = factory.LazyFunction(
        lambda: [
            {
                "type": "hours",
                "value": {
                    "days": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
                    "opens": "09:00:00",
                    "closes": "17:00:00",
                },
            }
        ]
    )

    class Meta:
        model = PracticeSettings
        django_get_or_create = ["site"]


def menu_links(pages) -> list[dict]:
    return [{"type": "link", "value": {"page": page.pk, "url": "", "label": ""}} for page in pages]


class NavigationSettingsFactory(factory.django.DjangoModelFactory):
    """Menus of pages: `header_pages=[...]`, `footer_pages=[...]`."""

    site = factory.SubFactory(SiteFactory)

    class Meta:
        model = NavigationSettings
        django_get_or_create = ["site"]

    class Params:
        header_pages = ()
        footer_pages = ()

    header_links = factory.LazyAttribute(lambda nav: menu_links(nav.header_pages))
    footer_links = factory.LazyAttribute(lambda nav: menu_links(nav.footer_pages))


# Staff ---------------------------------------------------------------------------


def staff_user(username, group_name=None, *, password, **extra):
    """A staff account, optionally in one of the groups `roles_setup` creates."""
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@practice.example", password=password, **extra
    )
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


# A small site --------------------------------------------------------------------


@dataclass
class SiteTree:
    """What `site_tree_build()` made, to build on and to compute expected values from."""

    site: Site
    home: HomePage
    settings: PracticeSettings
    navigation: NavigationSettings
    call_to_action: CallToAction
    contact: ContactPage
    privacy_policy: StandardPage
    privacy_notice: StandardPage
    blog: BlogIndexPage
    category: BlogCategory
    posts: list[BlogPage] = field(default_factory=list)
    treatment_index: TreatmentIndexPage | None = None
    treatments: list[TreatmentPage] = field(default_factory=list)
    team: TeamIndexPage | None = None
    clinicians: list[ClinicianPage] = field(default_factory=list)

    # One page of each type the tree holds, by the name `page()` takes.
    PAGE_TYPES = (
        "home",
        "contact",
        "privacy_policy",
        "blog",
        "post",
        "treatment_index",
        "treatment",
        "team",
        "clinician",
    )

    def page(self, page_type: str) -> Page:
        """The tree's page of that type: "post", "treatment" and "clinician" give the first."""
        lists = {"post": self.posts, "treatment": self.treatments, "clinician": self.clinicians}
        return lists[page_type][0] if page_type in lists else getattr(self, page_type)

    @property
    def prescriber(self) -> ClinicianPage:
        return next(c for c in self.clinicians if c.is_prescriber)

    @property
    def therapist(self) -> ClinicianPage:
        return next(c for c in self.clinicians if not c.is_prescriber)

    def reloaded(self) -> "SiteTree":
        """The same tree with every object read afresh from the database."""

        def fresh(obj):
            return type(obj)._default_manager.get(pk=obj.pk)

        values = {}
        for tree_field in fields(self):
            value = getattr(self, tree_field.name)
            if isinstance(value, list):
                values[tree_field.name] = [fresh(item) for item in value]
            else:
                values[tree_field.name] = None if value is None else fresh(value)
        return SiteTree(**values)

    def roles_setup(self) -> dict[str, Group]:
        """The staff groups' rights and Clinical review on these pages, as on a new install."""
        return roles_setup(
            home=self.home,
            blog_indexes=[self.blog],
            clinical_pages=[self.blog, self.treatment_index],
        )


def site_tree_build(*, posts: int = 3, roles: bool = False) -> SiteTree:
    """A practice site of its own at the test client's address.

    home > contact, privacy policy, HIPAA notice; blog > `posts` posts (newest
    first in `posts`), all in one category, the first written by the
    psychiatrist; treatments > two treatments (the first's tag on the first post);
    team > a psychiatrist (both treatments) and a therapist (the first). The menus
    link the sections and the notices, the default call to action the contact page.
    `roles=True` also gives the staff groups their rights on the new pages and puts
    the blog and treatments in Clinical review, as `load_initial_data` does (the
    groups themselves exist in every test database).
    """
    site = SiteFactory()
    home = site.root_page.specific
    contact = ContactPageFactory(parent=home)
    privacy_policy = StandardPageFactory(
        parent=home, title="Website privacy policy", slug="privacy-policy"
    )
    privacy_notice = StandardPageFactory(
        parent=home, title="HIPAA Notice of Privacy Practices", slug="privacy-notice"
    )
    call_to_action = CallToActionFactory(
        name="Appointments",
        heading="Ready to talk?",
        button_label="Request an appointment",
        link_page=contact,
    )
    settings = PracticeSettingsFactory(
        site=site,
        default_call_to_action=call_to_action,
        privacy_policy_page=privacy_policy,
        privacy_notice_page=privacy_notice,
    )

    treatment_index = TreatmentIndexPageFactory(parent=home)
    treatments = [
        TreatmentPageFactory(
            parent=treatment_index,
            title="Talking therapy",
            slug="talking-therapy",
            related_posts_tag="Talking therapy",
        ),
        TreatmentPageFactory(
            parent=treatment_index,
            title="Magnetic stimulation",
            slug="magnetic-stimulation",
            summary="Magnetic pulses stimulate areas of the brain involved in mood.",
            regulatory_status=RegulatoryStatus.FDA_CLEARED_DEVICE,
            schema_type=TreatmentSchemaType.PROCEDURE,
            related_posts_tag="Magnetic stimulation",
        ),
    ]
    team = TeamIndexPageFactory(parent=home)
    clinicians = [
        ClinicianPageFactory(parent=team, prescriber=True, treatments=treatments),
        ClinicianPageFactory(parent=team, treatments=treatments[:1]),
    ]

    blog = BlogIndexPageFactory(parent=home)
    category = BlogCategoryFactory()
    today = timezone.localdate()
    post_list = [
        BlogPageFactory(
            parent=blog,
            date=today - datetime.timedelta(days=age),
            categories=[category],
            tags=[treatments[0].related_posts_tag] if age == 0 else [],
            authors=[blog_author(clinicians[0])] if age == 0 else [],
        )
        for age in range(posts)
    ]

    navigation = NavigationSettingsFactory(
        site=site,
        header_pages=[treatment_index, team, blog, contact],
        footer_pages=[privacy_notice, privacy_policy, contact],
    )
    tree = SiteTree(
        site=site,
        home=home,
        settings=settings,
        navigation=navigation,
        call_to_action=call_to_action,
        contact=contact,
        privacy_policy=privacy_policy,
        privacy_notice=privacy_notice,
        blog=blog,
        category=category,
        posts=post_list,
        treatment_index=treatment_index,
        treatments=treatments,
        team=team,
        clinicians=clinicians,
    )
    if roles:
        tree.roles_setup()
    return tree
