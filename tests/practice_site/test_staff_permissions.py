"""What Site administrators and Authors may do to other people's accounts and drafts."""

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import Page

from blog.models import BlogIndexPage, BlogPage
from practice_site.editorial.roles import AUTHORS, EDITORS, SITE_ADMINISTRATORS
from tests.factories import staff_user
from tests.practice_site.test_staff_publishing import post_form

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "another long pass phrase 42"
User = get_user_model()


def make_user(username, group_name=None, **extra):
    return staff_user(username, group_name, password=PASSWORD, **extra)


def user_form(username, **extra):
    return {
        "username": username,
        "email": f"{username}@practice.example",
        "first_name": "Sam",
        "last_name": "Example",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "is_active": "on",
        **extra,
    }


class TestSiteAdministrator:
    @pytest.fixture
    def administrator(self, client, site_content):
        administrator = make_user("siteadmin", SITE_ADMINISTRATORS)
        client.force_login(administrator)
        return administrator

    @pytest.fixture
    def superuser(self, site_content):
        return User.objects.create_superuser("owner", "owner@practice.example", PASSWORD)

    def test_creates_an_author(self, client, administrator):
        authors = Group.objects.get(name=AUTHORS)

        response = client.post("/admin/users/new/", user_form("newauthor", groups=[authors.pk]))

        assert response.status_code == 302
        created = User.objects.get(username="newauthor")
        assert list(created.groups.all()) == [authors]
        assert not created.is_superuser

    def test_cannot_create_a_superuser(self, client, administrator):
        response = client.post("/admin/users/new/", user_form("intruder", is_superuser="on"))

        assert response.status_code == 403
        assert "Only a superuser can make someone a superuser" in response.content.decode()
        assert not User.objects.filter(username="intruder").exists()

    def test_cannot_make_themselves_a_superuser_or_join_another_group(self, client, administrator):
        finance = Group.objects.create(name="Finance")
        url = f"/admin/users/edit/{administrator.pk}/"
        own_group = Group.objects.get(name=SITE_ADMINISTRATORS)

        joined = client.post(url, user_form("siteadmin", groups=[own_group.pk, finance.pk]))

        assert joined.status_code == 403
        administrator.refresh_from_db()
        assert not administrator.groups.filter(name="Finance").exists()

        colleague = make_user("colleague", EDITORS)
        promoted = client.post(
            f"/admin/users/edit/{colleague.pk}/", user_form("colleague", is_superuser="on")
        )
        assert promoted.status_code == 403
        colleague.refresh_from_db()
        assert not colleague.is_superuser

    def test_cannot_edit_or_reset_the_password_of_a_superuser(
        self, client, administrator, superuser
    ):
        url = f"/admin/users/edit/{superuser.pk}/"

        assert client.get(url).status_code == 403
        response = client.post(
            url, user_form("owner", email="attacker@evil.example", is_superuser="on")
        )

        assert response.status_code == 403
        superuser.refresh_from_db()
        assert superuser.email == "owner@practice.example"
        assert superuser.check_password(PASSWORD)
        assert client.post(f"/admin/users/delete/{superuser.pk}/").status_code in (302, 403)
        assert User.objects.filter(pk=superuser.pk).exists()

    def test_a_superuser_still_manages_superusers(self, client, superuser):
        client.force_login(superuser)

        response = client.post("/admin/users/new/", user_form("second", is_superuser="on"))

        assert response.status_code == 302
        assert User.objects.get(username="second").is_superuser


class TestAuthorsOwnDrafts:
    @pytest.fixture
    def drafts(self, client, site_content):
        blog = BlogIndexPage.objects.get()
        alice, bob = make_user("alice", AUTHORS), make_user("bob", AUTHORS)
        client.force_login(alice)
        response = client.post(
            f"/admin/pages/add/blog/blogpage/{blog.pk}/", post_form("Alice's draft", "alice")
        )
        assert response.status_code == 302
        client.force_login(bob)
        return BlogPage.objects.get(slug="alice"), alice, bob

    def test_an_author_edits_their_own_draft(self, client, drafts):
        draft, alice, _ = drafts
        client.force_login(alice)

        response = client.post(
            f"/admin/pages/{draft.pk}/edit/", post_form("Alice's better draft", "alice")
        )

        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.get_latest_revision_as_object().title == "Alice's better draft"

    def test_another_author_cannot_edit_submit_or_delete_it(self, client, drafts):
        draft, _, _ = drafts
        # Wagtail answers a refused admin page by sending the user back to the
        # dashboard, with "you do not have permission".
        refused = ("/admin/", 302)

        opened = client.get(f"/admin/pages/{draft.pk}/edit/")
        edited = client.post(
            f"/admin/pages/{draft.pk}/edit/",
            post_form("Bob was here", "alice", **{"action-submit": "submit"}),
        )
        deleted = client.post(f"/admin/pages/{draft.pk}/delete/")

        for response in (opened, edited, deleted):
            assert (response.get("Location"), response.status_code) == refused
        draft.refresh_from_db()
        assert draft.get_latest_revision_as_object().title == "Alice's draft"
        assert not draft.workflow_in_progress
        assert Page.objects.filter(pk=draft.pk).exists()
