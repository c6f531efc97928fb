"""The post editor as Authors and Editors see it: plain labels, checkboxes, filled-in authors."""

import json

import pytest

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import BlogCategory, BlogPage, BlogPageAuthor
from practice_site.editorial.roles import AUTHORS, EDITORS
from tests.factories import BlogCategoryFactory, BlogPageFactory, staff_user
from tests.html import parse

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def blog(staff_site_tree):
    return staff_site_tree.blog


@pytest.fixture
def post(staff_site_tree):
    return staff_site_tree.posts[0]


@pytest.fixture
def editor_client(client):
    client.force_login(staff_user("editor", EDITORS, password=PASSWORD))
    return client


@pytest.fixture
def psychiatrist(staff_site_tree):
    return staff_site_tree.prescriber


def post_form(title, slug, authors=(), **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "intro": "A short summary.",
            "date": "2026-11-01",
            "body": streamfield([("paragraph", rich_text("<p>Careful words.</p>"))]),
            "references": streamfield([]),
            "authors": inline_formset(list(authors)),
            "related_post_links": inline_formset([]),
            "review_interval_months": "12",
            **extra,
        }
    )


def author_row(profile_page=None, name="", credentials=""):
    return {
        "profile_page": profile_page.pk if profile_page else "",
        "name": name,
        "credentials": credentials,
    }


def block_labels(response) -> set[str]:
    """Every label in the StreamField block definitions the editor's page carries."""
    labels = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("label"), str):
                labels.add(node["label"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for element in parse(response).select("[data-w-block-data-value]"):
        walk(json.loads(element["data-w-block-data-value"]))
    return labels


def test_block_chooser_offers_plain_labels(editor_client, post):
    labels = block_labels(editor_client.get(f"/admin/pages/{post.pk}/edit/"))

    assert {"Heading", "Paragraph", "Image", "Quote", "Call to action"} <= labels
    assert {"Web address", "Heading level", "Quotation"} <= labels
    assert not labels & {"Cta", "Url", "Call to action block"}


def test_categories_are_checkboxes(editor_client, blog):
    post = BlogPageFactory(parent=blog, categories=[BlogCategoryFactory(), BlogCategoryFactory()])
    BlogCategoryFactory()

    soup = parse(editor_client.get(f"/admin/pages/{post.pk}/edit/"))

    boxes = soup.select('input[type="checkbox"][name="categories"]')
    assert len(boxes) == BlogCategory.objects.count() > 1
    assert {box["value"] for box in boxes if box.has_attr("checked")} == {
        str(pk) for pk in post.categories.values_list("pk", flat=True)
    }
    assert soup.select('select[name="categories"]') == []


def test_post_editor_has_no_show_in_menus_control(editor_client, post):
    html = editor_client.get(f"/admin/pages/{post.pk}/edit/").content.decode()

    assert "For search engines" in html
    assert 'name="show_in_menus"' not in html
    assert "Show in menus" not in html


class TestAuthorFromClinicianProfile:
    def test_blank_name_and_credentials_come_from_the_chosen_clinician(
        self, editor_client, blog, psychiatrist
    ):
        response = editor_client.post(
            f"/admin/pages/add/blog/blogpage/{blog.pk}/",
            post_form(
                "Sleep and mood",
                "sleep-and-mood",
                authors=[author_row(psychiatrist)],
                **{"action-submit": "submit"},
            ),
        )

        assert response.status_code == 302
        post = BlogPage.objects.get(slug="sleep-and-mood")
        author = BlogPageAuthor.objects.get(page=post)
        assert (author.name, author.credentials) == (psychiatrist.title, psychiatrist.degree)
        assert author.profile_page_id == psychiatrist.pk
        # The editor sees the filled-in name when they look at the post again...
        edit = parse(editor_client.get(f"/admin/pages/{post.pk}/edit/"))
        assert edit.select_one('input[name="authors-0-name"]')["value"] == psychiatrist.title
        # ...and readers see it on the post, once Clinical review approves it.
        post.get_latest_revision().publish()
        byline = parse(editor_client.get("/blog/sleep-and-mood/")).select_one(".article__meta")
        assert byline.find("a", href=psychiatrist.url).get_text() == psychiatrist.title

    def test_a_typed_name_and_credentials_are_kept(self, editor_client, blog, psychiatrist):
        response = editor_client.post(
            f"/admin/pages/add/blog/blogpage/{blog.pk}/",
            post_form(
                "Sleep and mood",
                "sleep-and-mood",
                authors=[
                    author_row(
                        psychiatrist,
                        name="Dr. D. Psychiatrist",
                        credentials="MD, board-certified psychiatrist",
                    )
                ],
                **{"action-submit": "submit"},
            ),
        )

        assert response.status_code == 302
        author = BlogPageAuthor.objects.get(page__slug="sleep-and-mood")
        assert (author.name, author.credentials) == (
            "Dr. D. Psychiatrist",
            "MD, board-certified psychiatrist",
        )

    def test_an_author_without_profile_or_name_is_refused_on_submit(self, editor_client, blog):
        response = editor_client.post(
            f"/admin/pages/add/blog/blogpage/{blog.pk}/",
            post_form(
                "Sleep and mood",
                "sleep-and-mood",
                authors=[author_row(credentials="MD")],
                **{"action-submit": "submit"},
            ),
        )

        assert response.status_code == 200
        assert "Enter the author&#x27;s name, or choose their clinician profile." in (
            response.content.decode()
        )
        assert not BlogPage.objects.filter(slug="sleep-and-mood").exists()

    def test_an_authors_draft_gets_the_clinicians_name(self, client, blog, psychiatrist):
        client.force_login(staff_user("author", AUTHORS, password=PASSWORD))

        response = client.post(
            f"/admin/pages/add/blog/blogpage/{blog.pk}/",
            post_form("Sleep and mood", "sleep-and-mood", authors=[author_row(psychiatrist)]),
        )

        assert response.status_code == 302
        draft = BlogPage.objects.get(slug="sleep-and-mood").get_latest_revision_as_object()
        [author] = draft.authors.all()
        assert (author.name, author.credentials) == (psychiatrist.title, psychiatrist.degree)


class TestAuthorFromProfileLookup:
    """The address the post editor's script asks for a clinician's name and credentials."""

    url = "/admin/blog/author-from-profile/"

    def test_the_post_editor_loads_the_script_that_uses_it(self, editor_client, blog):
        soup = parse(editor_client.get(f"/admin/pages/add/blog/blogpage/{blog.pk}/"))

        [script] = soup.select("script[data-author-from-profile-url]")
        assert script["src"] == "/static/js/admin/author_from_profile.js"
        assert script["data-author-from-profile-url"] == self.url

    def test_staff_get_the_clinicians_name_and_degree(self, editor_client, psychiatrist):
        response = editor_client.get(self.url, {"page": psychiatrist.pk})

        assert response.status_code == 200
        assert response.json() == {"name": psychiatrist.title, "credentials": psychiatrist.degree}

    @pytest.mark.parametrize("page", ["", "abc", "-1", "999999", "home"])
    def test_anything_but_a_clinician_page_is_not_found(self, editor_client, site_tree, page):
        if page == "home":
            page = str(site_tree.home.pk)

        assert editor_client.get(self.url, {"page": page}).status_code == 404

    def test_visitors_are_sent_to_the_login(self, client, psychiatrist):
        response = client.get(self.url, {"page": psychiatrist.pk})

        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
