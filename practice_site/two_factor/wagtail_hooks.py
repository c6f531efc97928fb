from django.conf import settings
from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.widgets.button import Button

from practice_site.two_factor import audit, policy, views


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("two-factor/verify/", views.verify, name="two_factor_verify"),
        path("two-factor/set-up/", views.enroll, name="two_factor_enroll"),
        path("two-factor/recovery-codes/", views.recovery_codes, name="two_factor_recovery_codes"),
        path("two-factor/", views.overview, name="two_factor_overview"),
        path("two-factor/reset/<int:user_id>/", views.reset, name="two_factor_reset"),
    ]


@hooks.register("register_log_actions")
def register_two_factor_log_actions(actions):
    audit.log_actions_register(actions)


@hooks.register("register_account_menu_item")
def register_two_factor_account_item(request):
    return {
        "url": reverse("two_factor_overview"),
        "label": "Two-factor sign-in",
        "help_text": "Your authenticator app and recovery codes.",
    }


@hooks.register("register_user_listing_buttons")
def register_second_factor_reset_button(user, request_user):
    may_reset = request_user.has_perm(views.RESET_PERMISSION) and (
        request_user.is_superuser or not user.is_superuser
    )
    if may_reset and user.pk != request_user.pk:
        yield Button(
            "Reset two-factor sign-in",
            reverse("two_factor_reset", args=[user.pk]),
            icon_name="key",
            priority=100,
        )


@hooks.register("construct_main_menu")
def hide_menu_until_verified(request, menu_items):
    """Until the second step is done the menu's pages are out of reach: show none."""
    user = request.user
    unverified = hasattr(user, "is_verified") and not user.is_verified()
    if (
        settings.TWO_FACTOR_REQUIRED
        and unverified
        and (policy.has_second_factor(user) or policy.second_factor_required(user))
    ):
        menu_items.clear()
