from django.apps import AppConfig


class PracticeContentConfig(AppConfig):
    name = "practice_site.content"
    # The label the practice's tables, content types and migration history have
    # always had; the models of the other wings are stored under it too.
    label = "practice_site"
    verbose_name = "Practice"
