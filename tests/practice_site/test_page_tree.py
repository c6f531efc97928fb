"""Which page types editors can create where."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from blog.models import BlogIndexPage, BlogPage
from practice_site.content.models import (
    ClinicianPage,
    ContactPage,
    HomePage,
    StandardPage,
    TeamIndexPage,
    TreatmentIndexPage,
    TreatmentPage,
)


class TestPageTreeRules(WagtailPageTestCase):
    def test_home_page_lives_at_the_tree_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_home_page_children(self):
        self.assertAllowedSubpageTypes(
            HomePage,
            {StandardPage, ContactPage, TreatmentIndexPage, TeamIndexPage, BlogIndexPage},
        )

    def test_standard_pages_nest(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})

    def test_blog_index_holds_posts_only(self):
        self.assertAllowedParentPageTypes(BlogIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(BlogIndexPage, {BlogPage})

    def test_posts_live_in_a_blog_and_have_no_children(self):
        self.assertAllowedParentPageTypes(BlogPage, {BlogIndexPage})
        self.assertAllowedSubpageTypes(BlogPage, set())

    def test_contact_page_lives_under_home_and_has_no_children(self):
        self.assertAllowedParentPageTypes(ContactPage, {HomePage})
        self.assertAllowedSubpageTypes(ContactPage, set())

    def test_one_blog_and_one_contact_page_per_home_page(self):
        self.assertEqual(BlogIndexPage.max_count_per_parent, 1)
        self.assertEqual(ContactPage.max_count_per_parent, 1)

    def test_treatments_live_in_the_treatments_index(self):
        self.assertAllowedParentPageTypes(TreatmentIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(TreatmentIndexPage, {TreatmentPage})
        self.assertAllowedParentPageTypes(TreatmentPage, {TreatmentIndexPage})
        self.assertAllowedSubpageTypes(TreatmentPage, set())

    def test_clinicians_live_in_the_team_index(self):
        self.assertAllowedParentPageTypes(TeamIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(TeamIndexPage, {ClinicianPage})
        self.assertAllowedParentPageTypes(ClinicianPage, {TeamIndexPage})
        self.assertAllowedSubpageTypes(ClinicianPage, set())
