"""The contact / appointment-request form, as a visitor and as staff would notice it."""

import ipaddress
import time

import pytest
from django_ratelimit.core import _get_window

from django.core import mail
from django.core.signing import Signer

from wagtail.contrib.forms.models import FormSubmission

from practice_site.content import forms as contact_forms
from tests.html import form_values, parse, visible_text

pytestmark = pytest.mark.django_db

CONTACT_URL = "/contact/"
THANK_YOU_URL = "/contact/thank-you/"


def address_not_near_a_window_end(network: str) -> str:
    """An address in `network` whose hourly rate-limit window has 10+ minutes left.

    django-ratelimit's windows end at a time of the hour that depends on the key, so
    a test that fills a window must not start just before it ends and starts again.
    """
    for address in ipaddress.ip_network(network).hosts():
        if _get_window(str(address), 3600) - time.time() > 600:
            return str(address)
    raise AssertionError(f"no address in {network} has time to spare")


def started_token(seconds_ago: float) -> str:
    return contact_forms._signer.sign(str(time.time() - seconds_ago))


def valid_post(**overrides):
    data = {
        "name": "Alex Example",
        "contact_method": "phone",
        "phone": "(917) 555-0182",
        "email": "alex@example.net",
        "best_time": "Evening",
        "service": "TMS",
        "consent": "on",
        "website": "",
        "form_started": started_token(seconds_ago=30),
    }
    data.update(overrides)
    return data


@pytest.fixture
def contact(site_content, practice_settings):
    practice_settings.notification_emails = "frontdesk@practice.example, lead@practice.example"
    practice_settings.save()
    return site_content


def test_form_shows_crisis_line_and_health_notice_above_the_form(client, contact):
    html = client.get(CONTACT_URL).content.decode()

    form_at = html.index("<form")
    assert html.index("crisis-line--inline") < form_at
    assert "988 Suicide &amp; Crisis Lifeline" in html[:form_at]
    assert html.index("Please do not include health details") < form_at


def test_every_visible_field_has_a_label(client, contact):
    soup = parse(client.get(CONTACT_URL))
    form = soup.find("form", class_="contact-form")
    for control in form.find_all(["input", "select", "textarea"]):
        if control.get("type") in ("hidden", "submit") or control.get("name") in (
            "csrfmiddlewaretoken",
        ):
            continue
        label = form.find("label", attrs={"for": control["id"]})
        assert label is not None and label.get_text(strip=True), control


def test_form_asks_for_no_health_details(client, contact):
    soup = parse(client.get(CONTACT_URL))
    names = {
        control["name"]
        for control in soup.find("form", class_="contact-form").find_all(["input", "select"])
        if control.get("name")
    }
    assert names == {
        "csrfmiddlewaretoken",
        "name",
        "contact_method",
        "phone",
        "email",
        "best_time",
        "service",
        "consent",
        "website",
        "form_started",
    }


def test_consent_links_to_the_privacy_policy(client, contact):
    soup = parse(client.get(CONTACT_URL))
    help_text = soup.find(id="id_consent_helptext")
    assert help_text.find("a")["href"] == "/privacy-policy/"
    assert "id_consent_helptext" in soup.find(id="id_consent")["aria-describedby"]


def test_services_come_from_practice_settings(client, contact, practice_settings):
    practice_settings.inquiry_services = "Ketamine-assisted care\nFamily sessions"
    practice_settings.save()

    options = [o.get_text() for o in parse(client.get(CONTACT_URL)).select("#id_service option")]

    assert options == ["Not sure yet", "Ketamine-assisted care", "Family sessions"]


def test_valid_inquiry_is_stored_once_and_staff_get_a_content_free_email(
    client, contact, django_capture_on_commit_callbacks
):
    data = valid_post()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CONTACT_URL, data)

    assert response.status_code == 302
    assert response["Location"] == THANK_YOU_URL
    submission = FormSubmission.objects.get()
    assert submission.get_data()["name"] == "Alex Example"
    assert "website" not in submission.form_data
    assert "form_started" not in submission.form_data

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["frontdesk@practice.example", "lead@practice.example"]
    assert "New inquiry" in email.subject
    assert f"/admin/forms/submissions/{submission.page_id}/" in email.body
    whole_email = email.subject + email.body
    for value in ("Alex", "917", "0182", "alex@example.net", "Evening", "TMS"):
        assert value not in whole_email


def test_thank_you_page_has_next_steps_crisis_line_and_noindex(client, contact):
    response = client.get(THANK_YOU_URL)

    assert response.status_code == 200
    soup = parse(response)
    assert soup.h1.get_text(strip=True) == "Thank you for getting in touch"
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert soup.find("div", class_="crisis-line--inline") is not None
    assert "will contact you" in visible_text(response)


def typed_values(data: dict) -> dict:
    """The fields a visitor fills in, as the browser sends them back."""
    return {
        name: value
        for name, value in data.items()
        if name not in ("website", "form_started", "csrfmiddlewaretoken")
    }


def assert_typed_text_kept(response, data: dict):
    values = form_values(response, "form.contact-form")
    assert {name: values.get(name) for name in typed_values(data)} == typed_values(data)


def test_honeypot_post_stores_nothing_and_shows_the_form_again_emptied(
    client, contact, django_capture_on_commit_callbacks
):
    data = valid_post(website="http://spam.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CONTACT_URL, data)

    assert response.status_code == 400
    assert FormSubmission.objects.count() == 0
    assert mail.outbox == []
    # A browser's autofill can fill the trap too: the person keeps what they typed,
    # learns why, and can send again with the trap emptied.
    assert "a hidden field meant to stay empty was filled in" in visible_text(response)
    assert_typed_text_kept(response, data)
    assert form_values(response, "form.contact-form")["website"] == ""


@pytest.mark.parametrize("token", ["", "1700000000", "1700000000:forged-signature"])
def test_missing_or_forged_timestamp_stores_nothing_and_keeps_the_text(client, contact, token):
    data = valid_post(form_started=token)

    response = client.post(CONTACT_URL, data)

    assert response.status_code == 400
    assert FormSubmission.objects.count() == 0
    assert "Your message was not sent" in visible_text(response)
    assert_typed_text_kept(response, data)


def test_too_fast_post_stores_nothing_and_asks_to_send_again(client, contact):
    data = valid_post(form_started=started_token(seconds_ago=0.5))

    response = client.post(CONTACT_URL, data)

    assert response.status_code == 400
    assert FormSubmission.objects.count() == 0
    assert "That was very quick" in visible_text(response)
    # The form comes back filled in, with a fresh timestamp for the next try.
    assert_typed_text_kept(response, data)
    new_token = form_values(response, "form.contact-form")["form_started"]
    assert float(Signer(salt="practice_site.contact_form.started").unsign(new_token)) > (
        time.time() - 5
    )


def test_a_form_left_open_too_long_keeps_the_text(client, contact, settings):
    data = valid_post(form_started=started_token(seconds_ago=settings.CONTACT_FORM_MAX_AGE + 60))

    response = client.post(CONTACT_URL, data)

    assert response.status_code == 400
    assert "open for a long time" in visible_text(response)
    assert_typed_text_kept(response, data)


def test_phone_method_needs_a_phone_number_and_the_error_is_tied_to_the_field(client, contact):
    response = client.post(CONTACT_URL, valid_post(phone=""))

    assert response.status_code == 400
    assert FormSubmission.objects.count() == 0
    soup = parse(response)
    phone = soup.find(id="id_phone")
    assert phone["aria-invalid"] == "true"
    assert "id_phone_error" in phone["aria-describedby"].split()
    assert "Please give a phone number" in soup.find(id="id_phone_error").get_text()
    assert soup.find(class_="form-errors")["role"] == "alert"


def test_consent_is_required(client, contact):
    data = valid_post()
    del data["consent"]

    response = client.post(CONTACT_URL, data)

    assert response.status_code == 400
    assert FormSubmission.objects.count() == 0
    assert parse(response).find(id="id_consent_error") is not None


@pytest.mark.parametrize(
    "overrides",
    [
        {"name": "A\x00B"},
        {"name": "x" * 5000},
        {"email": "<script>alert(1)</script>", "contact_method": "email"},
        {"contact_method": "carrier-pigeon"},
        {"service": "Something not offered"},
    ],
    ids=["null byte", "huge", "script", "unknown method", "unknown service"],
)
def test_bad_input_gets_a_clear_error_not_a_crash(client, contact, overrides):
    response = client.post(CONTACT_URL, valid_post(**overrides))

    assert response.status_code == 400
    assert FormSubmission.objects.count() == 0
    assert "<script>alert(1)</script>" not in response.content.decode()


def assert_friendly_429(response, data: dict):
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    soup = parse(response)
    assert soup.h1.get_text(strip=True) == "Please try again later"
    assert "Your details are still in the form below" in visible_text(response)
    assert_typed_text_kept(response, data)
    # The limit is the reason given; the fields are not marked as wrong.
    assert soup.find(id="form-errors") is None
    assert form_values(response, "form.contact-form")["website"] == ""
    # The crisis line stays above the form, and the practice's phone is on the page.
    html = response.content.decode()
    assert html.index("crisis-line--inline") < html.index('<form method="post"')
    assert soup.find("a", href="tel:+12025550143") is not None


def test_stored_inquiries_are_limited_per_client_with_the_text_kept(client, contact):
    # CONTACT_FORM_RATE_LIMIT is 5 an hour.
    address = address_not_near_a_window_end("203.0.113.0/24")
    for number in range(5):
        response = client.post(CONTACT_URL, valid_post(name=f"Alex {number}"), REMOTE_ADDR=address)
        assert response.status_code == 302

    data = valid_post(name="Alex the sixth")
    response = client.post(CONTACT_URL, data, REMOTE_ADDR=address)

    assert FormSubmission.objects.count() == 5
    assert_friendly_429(response, data)
    assert "already received several messages" in visible_text(response)


def test_five_refused_tries_do_not_use_up_the_limit_and_the_text_survives_each(client, contact):
    """A struggling visitor: every refusal keeps what they typed; the sixth try is stored."""
    data = valid_post(form_started=started_token(seconds_ago=0.5))
    refusals = [
        ("too quick", {}, "That was very quick"),
        ("no phone", {"phone": ""}, "Please give a phone number"),
        ("autofilled trap", {"website": "https://autofill.example"}, "meant to stay empty"),
        ("no consent", {"consent": None}, "Please correct the 1 field marked below"),
        ("bad email", {"email": "alex-at-example"}, "Enter a valid email address"),
    ]
    for label, change, reason in refusals:
        attempt = {**data, **change}
        attempt = {name: value for name, value in attempt.items() if value is not None}
        response = client.post(CONTACT_URL, attempt)
        assert response.status_code == 400, label
        assert reason in visible_text(response), label
        assert_typed_text_kept(response, attempt)
        # The visitor puts right what was wrong in the form they were shown, and pauses
        # as a person does before sending it again.
        data = {
            **form_values(response, "form.contact-form"),
            **{name: valid_post()[name] for name in change},
            "form_started": started_token(seconds_ago=30),
        }
    assert FormSubmission.objects.count() == 0

    response = client.post(CONTACT_URL, data)

    assert response.status_code == 302, visible_text(response)
    assert FormSubmission.objects.get().get_data()["name"] == "Alex Example"


def test_a_flood_from_one_address_is_refused_and_other_visitors_are_still_served(client, contact):
    # CONTACT_FORM_ATTEMPT_RATE_LIMIT is 30 an hour, every attempt counted.
    flood = valid_post(name="Flood", website="http://spam.example")
    address = address_not_near_a_window_end("203.0.113.0/24")
    responses = [client.post(CONTACT_URL, flood, REMOTE_ADDR=address) for _ in range(100)]

    assert [r.status_code for r in responses] == [400] * 30 + [429] * 70
    assert_friendly_429(responses[-1], flood)
    assert "sent many times from your connection" in visible_text(responses[-1])

    other = client.post(CONTACT_URL, valid_post(), REMOTE_ADDR="198.51.100.4")

    assert other.status_code == 302
    assert FormSubmission.objects.get().get_data()["name"] == "Alex Example"


def test_failing_email_still_stores_the_inquiry(
    client, contact, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "tests.email_backends.FailingEmailBackend"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CONTACT_URL, valid_post())

    assert response.status_code == 302
    assert FormSubmission.objects.count() == 1
    assert "SMTP server unreachable" in caplog.text
    # The log names no submitted value.
    assert "Alex" not in caplog.text


def test_only_staff_with_form_access_can_read_submissions(client, contact, admin_client):
    client.post(CONTACT_URL, valid_post())
    page_id = FormSubmission.objects.get().page_id
    url = f"/admin/forms/submissions/{page_id}/"

    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert "/admin/login/" in anonymous["Location"]

    listing = admin_client.get(url)
    assert listing.status_code == 200
    assert "Alex Example" in listing.content.decode()
