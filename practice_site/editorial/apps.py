from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "practice_site.editorial"
    label = "practice_editorial"
    verbose_name = "Editorial workflow"
