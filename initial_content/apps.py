from django.apps import AppConfig


class InitialContentConfig(AppConfig):
    name = "initial_content"
    verbose_name = "Initial content"
