from django.apps import AppConfig

from wagtail.users.apps import WagtailUsersAppConfig


class PracticeSiteConfig(AppConfig):
    name = "practice_site"
    verbose_name = "Practice"

    def ready(self):
        # Purge the front cache when pages, settings or snippets change.
        from practice_site.frontend_cache import signal_handlers_connect

        signal_handlers_connect()

        # A new content version whenever content changes (cached fragments and
        # page routes key on it).
        from practice_site import content_version

        content_version.signal_handlers_connect()


class PracticeUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app with the site's user admin (practice_site/user_admin.py)."""

    user_viewset = "practice_site.user_admin.UserViewSet"
