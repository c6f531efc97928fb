"""Sign-in and second-factor events in Wagtail's audit log.

Each entry is logged against the staff account it concerns, so it shows in
Reports → Site history (to anyone who may manage users) and in that user's
History in Settings → Users. `log_actions_register` is called by the
`register_log_actions` hook.
"""

from django.utils.functional import LazyObject, empty

from wagtail.log_actions import LogFormatter
from wagtail.log_actions import log as wagtail_log

SIGNED_IN = "practice.sign_in"
SIGNED_OUT_IDLE = "practice.sign_in.idle_timeout"
LOCKED_OUT = "practice.sign_in.locked_out"
SECOND_FACTOR_ACCEPTED = "practice.two_factor.accepted"
SECOND_FACTOR_REFUSED = "practice.two_factor.refused"
ENROLLED = "practice.two_factor.enrolled"
RECOVERY_CODES_REPLACED = "practice.two_factor.recovery_codes_replaced"
RESET = "practice.two_factor.reset"

# How a second factor was given, as stored in an entry's data.
METHOD_APP = "authenticator app"
METHOD_RECOVERY_CODE = "recovery code"
# Who reset a second factor when no one was signed in.
RESET_FROM_SERVER = "reset_second_factor command"


def log(account, action, *, by=None, **data):
    """Record `action` on `account`; `by` is who did it (the account itself by default)."""
    account = _unwrapped(account)
    return wagtail_log(account, action, user=_unwrapped(by) if by else account, data=data)


def log_from_server(account, action, **data):
    """Record `action` on `account` when no one is signed in (a management command)."""
    return wagtail_log(_unwrapped(account), action, user=None, data=data)


def _unwrapped(user):
    """The user behind `request.user`.

    Wagtail picks the log model by the object's type and silently logs nothing for a
    type it does not know; `request.user` is a lazy object wrapped twice (by Django's
    and by django-otp's middleware), and Wagtail unwraps only once.
    """
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


class _SecondFactorAccepted(LogFormatter):
    label = "Signed in with a second factor"

    def format_message(self, log_entry):
        method = log_entry.data.get("method", METHOD_APP)
        return f"Signed in with the second factor ({method})"


class _SecondFactorReset(LogFormatter):
    label = "Second factor reset"

    def format_message(self, log_entry):
        if log_entry.data.get("via") == RESET_FROM_SERVER:
            return "Second factor reset on the server (manage.py reset_second_factor)"
        return "Second factor reset; the user must enroll again"


def log_actions_register(actions):
    actions.register_action(SIGNED_IN, "Signed in", "Signed in with the password")
    actions.register_action(
        SIGNED_OUT_IDLE, "Signed out after inactivity", "Signed out after inactivity"
    )
    actions.register_action(
        LOCKED_OUT, "Locked out", "Sign-in locked after repeated wrong passwords"
    )
    actions.register_action(SECOND_FACTOR_ACCEPTED)(_SecondFactorAccepted)
    actions.register_action(
        SECOND_FACTOR_REFUSED, "Second factor refused", "A wrong second-factor code was refused"
    )
    actions.register_action(
        ENROLLED, "Enrolled a second factor", "Set up an authenticator app and recovery codes"
    )
    actions.register_action(
        RECOVERY_CODES_REPLACED, "Recovery codes replaced", "Made new recovery codes"
    )
    actions.register_action(RESET)(_SecondFactorReset)
