import datetime

import factory
import wagtail_factories

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from blog.models import BlogIndexPage, BlogPage
from practice_site.content.models import StandardPage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    intro = "A short summary of this page."

    class Meta:
        model = StandardPage


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    title = "Blog"
    slug = "blog"

    class Meta:
        model = BlogIndexPage


class BlogPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Post number {n}")
    intro = factory.Sequence(lambda n: f"Summary of post number {n}.")
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    body = factory.LazyFunction(
        lambda: [{"type": "paragraph", "value": "<p>Some helpful words.</p>"}]
    )

    class Meta:
        model = BlogPage


class ImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"Photo {n}")
    description = "A calm waiting room with two chairs and a plant"
    file = factory.django.ImageField(width=1600, height=900, color="steelblue")


def staff_user(username, group_name=None, *, password, **extra):
    """A staff account, optionally in one of the groups `roles_setup` creates."""
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@practice.example", password=password, **extra
    )
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user
