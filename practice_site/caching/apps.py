from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "practice_site.caching"
    label = "practice_caching"
    verbose_name = "Caching"

    def ready(self):
        # Imported here, once the models are loaded (the module imports Wagtail's
        # models): every change a visitor could see refreshes both caches.
        from practice_site.caching import invalidation

        invalidation.signal_handlers_connect()
