"""The practice's content models, one module per kind (re-exported here).

The tables of the other wings (the content version, review reminders, launch
checklist marks, backups) are stored under this app's label too, but their
models live in the wing that owns them: practice_site/caching/models.py,
practice_site/editorial/models.py and practice_site/operations/models.py.
"""

from practice_site.content.models.clinicians import ClinicianPage, TeamIndexPage
from practice_site.content.models.mixins import (
    CallToActionMixin,
    ClinicalSectionMixin,
    MedicalReviewMixin,
)
from practice_site.content.models.pages import ContactPage, HomePage, StandardPage
from practice_site.content.models.settings import NavigationSettings, PracticeSettings
from practice_site.content.models.snippets import CallToAction
from practice_site.content.models.treatments import (
    RegulatoryStatus,
    TreatmentIndexPage,
    TreatmentPage,
)

__all__ = [
    "CallToAction",
    "CallToActionMixin",
    "ClinicalSectionMixin",
    "ClinicianPage",
    "ContactPage",
    "HomePage",
    "MedicalReviewMixin",
    "NavigationSettings",
    "PracticeSettings",
    "RegulatoryStatus",
    "StandardPage",
    "TeamIndexPage",
    "TreatmentIndexPage",
    "TreatmentPage",
]
