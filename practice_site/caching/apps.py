from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "practice_site.caching"
    label = "practice_caching"
    verbose_name = "Caching"

    def ready(self):
        # Connected here, once the models are loaded: every change a visitor
        # could see refreshes both caches (content_version and frontend_cache).
        from practice_site.caching import content_version, frontend_cache

        content_version.signal_handlers_connect()
        frontend_cache.signal_handlers_connect()
