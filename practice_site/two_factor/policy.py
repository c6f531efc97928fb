"""Who must sign in with a second factor.

Everyone who can change what visitors read without someone else approving it, or who
can change other people's accounts: superusers, anyone who may publish a page or a
snippet, anyone in a group that approves a workflow task, and anyone who manages
users. Under the roles in practice_site/editorial/roles.py that is Editors, Clinical
reviewers and Site administrators; Authors may enroll by choice. The rule looks at
rights, not group names, so rights granted by hand are covered too.
"""

from django_otp.plugins.otp_totp.models import TOTPDevice

from django.conf import settings

from wagtail.models import GroupApprovalTask, GroupPagePermission

USER_MANAGEMENT_PERMISSIONS = ("auth.add_user", "auth.change_user", "auth.delete_user")


def second_factor_required(user) -> bool:
    if not settings.TWO_FACTOR_REQUIRED or not user.is_active:
        return False
    if user.is_superuser:
        return True
    permissions = user.get_all_permissions()
    if any(name.split(".", 1)[1].startswith("publish_") for name in permissions):
        return True
    if any(name in permissions for name in USER_MANAGEMENT_PERMISSIONS):
        return True
    if GroupPagePermission.objects.filter(
        group__user=user, permission__codename="publish_page"
    ).exists():
        return True
    return GroupApprovalTask.objects.filter(active=True, groups__user=user).exists()


def authenticator_app(user) -> TOTPDevice | None:
    """The user's enrolled authenticator app; one per person (enrolling replaces it)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()
