from django.apps import AppConfig


class TwoFactorConfig(AppConfig):
    name = "practice_site.two_factor"
    label = "two_factor"
    verbose_name = "Two-factor sign-in"

    def ready(self):
        from practice_site.two_factor import receivers

        receivers.connect()
