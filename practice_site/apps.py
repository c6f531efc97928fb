from django.apps import AppConfig


class PracticeSiteConfig(AppConfig):
    name = "practice_site"
    verbose_name = "Practice"

    def ready(self):
        from wagtail.signals import workflow_approved

        from practice_site.review import medical_review_record

        def record_medical_review(sender, instance, user=None, **kwargs):
            medical_review_record(instance)

        workflow_approved.connect(
            record_medical_review,
            weak=False,
            dispatch_uid="practice_site.record_medical_review",
        )

        # Purge the front cache when pages, settings or snippets change.
        from practice_site.frontend_cache import signal_handlers_connect

        signal_handlers_connect()

        # A new content version whenever content changes (cached fragments and
        # page routes key on it).
        from practice_site import content_version

        content_version.signal_handlers_connect()
