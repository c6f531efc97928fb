from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "practice_site.operations"
    label = "practice_operations"
    verbose_name = "Operations"
