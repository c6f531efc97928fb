"""The practice's content models, one module per kind (re-exported here)."""

from practice_site.models.clinicians import ClinicianPage, TeamIndexPage
from practice_site.models.launch import BackupRecord, DemoContent, LaunchConfirmation
from practice_site.models.mixins import (
    CallToActionMixin,
    ClinicalSectionMixin,
    MedicalReviewMixin,
)
from practice_site.models.pages import ContactPage, HomePage, StandardPage
from practice_site.models.reviews import ReviewReminder
from practice_site.models.settings import NavigationSettings, PracticeSettings
from practice_site.models.snippets import CallToAction
from practice_site.models.treatments import RegulatoryStatus, TreatmentIndexPage, TreatmentPage
from practice_site.models.versioning import ContentVersion

__all__ = [
    "BackupRecord",
    "CallToAction",
    "CallToActionMixin",
    "ClinicalSectionMixin",
    "ClinicianPage",
    "ContactPage",
    "ContentVersion",
    "DemoContent",
    "HomePage",
    "LaunchConfirmation",
    "MedicalReviewMixin",
    "NavigationSettings",
    "PracticeSettings",
    "RegulatoryStatus",
    "ReviewReminder",
    "StandardPage",
    "TeamIndexPage",
    "TreatmentIndexPage",
    "TreatmentPage",
]
