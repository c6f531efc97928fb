import re

from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from django import forms
from django.contrib.auth import authenticate

APP_CODE = re.compile(r"\d{6}")
WRONG_CODE = (
    "That code was not accepted. Enter the 6-digit code your authenticator app shows "
    "now, or one of your recovery codes. Each recovery code works only once."
)


def _normalized(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


class SecondFactorForm(OTPAuthenticationFormMixin, forms.Form):
    """The code step of signing in: a code from the app, or a recovery code.

    django-otp (since 1.7.1) verifies a code only against a device the form names, so
    that a wrong guess never counts against a device it was not meant for. The form
    names it from the code's shape: six digits are the app's, anything else is a
    recovery code.
    """

    otp_token = forms.CharField(
        label="Code",
        help_text="The 6-digit code from your authenticator app, or a recovery code.",
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )

    otp_error_messages = {
        **OTPAuthenticationFormMixin.otp_error_messages,
        "token_required": "Enter the code from your authenticator app.",
        "invalid_token": WRONG_CODE,
        "device_required": WRONG_CODE,
        "n_failed_attempts": (
            "Too many wrong codes. Wait a little and try again with a new code from your app."
        ),
        "verification_not_allowed": (
            "Too many wrong codes. Wait a little and try again with a new code from your app."
        ),
    }

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_otp_token(self):
        return _normalized(self.cleaned_data["otp_token"])

    def clean(self):
        super().clean()
        self.clean_otp(self.user)
        return self.cleaned_data

    def _chosen_device(self, user):
        code = self.cleaned_data.get("otp_token", "")
        model = TOTPDevice if APP_CODE.fullmatch(code) else StaticDevice
        # Locked for the check, so two tries at once cannot both pass the throttle.
        return (
            model.objects.filter(user=user, confirmed=True)
            .select_for_update()
            .order_by("-id")
            .first()
        )

    @property
    def used_recovery_code(self) -> bool:
        return isinstance(getattr(self.user, "otp_device", None), StaticDevice)


class PasswordConfirmForm(forms.Form):
    """Asks for the password again before a change to the user's own second factor."""

    password = forms.CharField(
        label="Your password",
        help_text="To make sure it is you.",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        # authenticate(), not check_password(): django-axes counts wrong passwords here too.
        user = authenticate(
            self.request, username=self.request.user.get_username(), password=password
        )
        if user is None or user.pk != self.request.user.pk:
            raise forms.ValidationError("That is not your current password.")
        return password


class EnrollmentForm(PasswordConfirmForm):
    """Confirms a new authenticator app with the password and the app's first code."""

    code = forms.CharField(
        label="Code from the app",
        help_text="The 6-digit code the app shows after you add this account.",
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )

    def __init__(self, request, device: TOTPDevice, *args, **kwargs):
        self.device = device
        super().__init__(request, *args, **kwargs)

    def clean_code(self):
        code = _normalized(self.cleaned_data["code"])
        if not APP_CODE.fullmatch(code) or not self.device.verify_token(code):
            raise forms.ValidationError(
                "That code does not match. Check the app shows this account, and enter "
                "the code it shows now."
            )
        return code
