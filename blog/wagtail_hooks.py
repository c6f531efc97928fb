from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html

from wagtail import hooks

from blog import admin_views


@hooks.register("register_admin_urls")
def register_author_from_profile_url():
    # Wagtail lets only signed-in staff with admin access reach these URLs.
    return [
        path(
            "blog/author-from-profile/",
            admin_views.author_from_profile,
            name="blog_author_from_profile",
        )
    ]


@hooks.register("insert_editor_js")
def author_from_profile_js():
    return format_html(
        '<script src="{}" data-author-from-profile-url="{}"></script>',
        static("js/admin/author_from_profile.js"),
        reverse("blog_author_from_profile"),
    )
