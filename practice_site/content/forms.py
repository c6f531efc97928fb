"""The contact / appointment-request form.

It asks only for what the practice needs to reach someone (no symptom,
diagnosis or medication fields) and carries two spam traps that need no
JavaScript and no third party: a honeypot field people never see, and a
signed timestamp that rejects forms sent faster than a person can.

A trap that springs is a form error like any other: the form comes back with
everything typed still in it, a plain reason, and fresh traps, because a
person (a browser's autofill, a slow or very fast typist) can trip them too.
"""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS

NOT_SURE = "Not sure yet"
HONEYPOT_FIELD = "website"
STARTED_FIELD = "form_started"
# Signs the time the form was shown, so a bot cannot claim it waited.
_signer = signing.Signer(salt="practice_site.contact_form.started")


class ContactForm(forms.Form):
    name = forms.CharField(
        label="Your name",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact_method = forms.ChoiceField(
        label="How should we contact you?",
        choices=[("phone", "Phone call"), ("text", "Text message"), ("email", "Email")],
        widget=forms.RadioSelect,
    )
    phone = forms.CharField(
        label="Phone number",
        max_length=30,
        required=False,
        help_text="Needed for a phone call or text message.",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        required=False,
        help_text="Needed if you would like an email.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    best_time = forms.ChoiceField(
        label="Best time to reach you",
        required=False,
        choices=[
            ("", "Any time"),
            ("Morning", "Morning"),
            ("Afternoon", "Afternoon"),
            ("Evening", "Evening"),
        ],
    )
    service = forms.ChoiceField(label="What would you like to ask about?", required=False)
    consent = forms.BooleanField(
        label="I agree that the practice may contact me using the details above.",
        help_text="We use these details only to contact you about your inquiry.",
    )
    # Spam traps: never shown to people, never stored.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_started = forms.CharField(widget=forms.HiddenInput, required=False)

    STORED_FIELDS = ("name", "contact_method", "phone", "email", "best_time", "service")

    def __init__(self, *args, services=(), page=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [(NOT_SURE, NOT_SURE)] + [(s, s) for s in services]
        if not self.is_bound:
            self.initial[STARTED_FIELD] = _started_token()

    @classmethod
    def stored_fields(cls) -> list[tuple[str, str]]:
        return [(name, cls.base_fields[name].label) for name in cls.STORED_FIELDS]

    def clean(self):
        cleaned = super().clean()
        self._check_spam_traps()
        method = cleaned.get("contact_method")
        if method in ("phone", "text") and not cleaned.get("phone"):
            self.add_error("phone", "Please give a phone number so we can call or text you.")
        if method == "email" and not cleaned.get("email"):
            self.add_error("email", "Please give an email address so we can write to you.")
        return cleaned

    @property
    def wrong_field_count(self) -> int:
        """How many fields have an error (form-wide errors such as the spam traps aside)."""
        return sum(1 for name in self.errors if name != NON_FIELD_ERRORS)

    def _seconds_open(self) -> float | None:
        """Seconds since the form was shown, or None when the timestamp is missing or forged."""
        try:
            started = float(_signer.unsign(self.data.get(STARTED_FIELD, "")))
        except (signing.BadSignature, ValueError):
            return None
        return time.time() - started

    def _check_spam_traps(self):
        seconds = self._seconds_open()
        if self.data.get(HONEYPOT_FIELD):
            self._restart(
                "Your message was not sent, because a hidden field meant to stay empty was "
                "filled in (some browsers do this on their own). We have emptied it. "
                "Please check your details below and send the form again."
            )
        elif seconds is None:
            self._restart(
                "Your message was not sent, because this copy of the form could not be "
                "checked. Please check your details below and send the form again."
            )
        elif seconds > settings.CONTACT_FORM_MAX_AGE:
            self._restart(
                "This form was open for a long time, so your message was not sent yet. Your "
                "details are still below: please check them, then send the form again."
            )
        elif seconds < settings.CONTACT_FORM_MIN_SECONDS:
            self._restart(
                "That was very quick, so your message was not sent yet. Your details are "
                "still below: please check them, then send the form again."
            )

    def _restart(self, message):
        self.add_error(None, message)
        # Fresh traps, so the next attempt is timed from now and the honeypot is empty.
        data = self.data.copy()
        data[STARTED_FIELD] = _started_token()
        data[HONEYPOT_FIELD] = ""
        self.data = data

    def typed_data(self) -> dict:
        """What the visitor typed, spam traps left out: to fill a fresh copy of the form."""
        return {
            name: self.data[name]
            for name in self.fields
            if name in self.data and name not in (HONEYPOT_FIELD, STARTED_FIELD)
        }

    def stored_data(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in self.STORED_FIELDS}


def _started_token() -> str:
    return _signer.sign(str(time.time()))
