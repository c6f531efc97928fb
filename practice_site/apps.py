from django.apps import AppConfig


class PracticeSiteConfig(AppConfig):
    name = "practice_site"
    verbose_name = "Practice"
