from django.apps import AppConfig


class EdgeConfig(AppConfig):
    name = "practice_site.edge"
    label = "practice_edge"
    verbose_name = "HTTP edge"

    def ready(self):
        # Failed sign-ins count toward the per-address limit.
        from practice_site.edge import sign_in_limits

        sign_in_limits.signal_handlers_connect()
