from django.apps import AppConfig


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

        # Failed sign-ins count toward the per-address limit.
        from practice_site import sign_in_limits

        sign_in_limits.signal_handlers_connect()
