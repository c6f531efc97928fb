"""The practice's content models, one module per kind (re-exported here)."""

from practice_site.models.mixins import CallToActionMixin
from practice_site.models.pages import ContactPage, HomePage, StandardPage
from practice_site.models.settings import NavigationSettings, PracticeSettings
from practice_site.models.snippets import CallToAction

__all__ = [
    "CallToAction",
    "CallToActionMixin",
    "ContactPage",
    "HomePage",
    "NavigationSettings",
    "PracticeSettings",
    "StandardPage",
]
