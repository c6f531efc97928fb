"""Two-factor sign-in through the admin's own pages: the code step, enrollment, recovery
codes, resets by a Site administrator and from the server, the idle timeout, the
lockout email and the audit log. The browser journey is in tests/e2e/test_two_factor.py.
"""

import re
import time

import pytest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command

from wagtail.models import ModelLogEntry

from practice_site.editorial.roles import AUTHORS, EDITORS, SITE_ADMINISTRATORS
from practice_site.two_factor import audit
from practice_site.two_factor.idle_timeout import LAST_ACTIVITY_SESSION_KEY
from tests.factories import staff_user
from tests.html import parse, visible_text
from tests.otp import app_code, key_from_setup_key

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
LOGIN_URL = "/admin/login/"
VERIFY_URL = "/admin/two-factor/verify/"
ENROLL_URL = "/admin/two-factor/set-up/"
RECOVERY_CODES_URL = "/admin/two-factor/recovery-codes/"


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    settings.TWO_FACTOR_REQUIRED = True


def make_user(username, group_name=None, **extra):
    return staff_user(username, group_name, password=PASSWORD, **extra)


def enrolled(user) -> TOTPDevice:
    """An authenticator app set up the way enrollment (or wagtail-2fa before) left it."""
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)


def recovery_codes_for(user, *codes) -> None:
    device = StaticDevice.objects.create(user=user, name="Recovery codes")
    for code in codes:
        StaticToken.objects.create(device=device, token=code)


def password_sign_in(client, username):
    response = client.post(LOGIN_URL, {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client.get(response["Location"])


def log_entries(user):
    return ModelLogEntry.objects.for_instance(user).order_by("timestamp", "pk")


def logged_actions(user) -> list[str]:
    return list(log_entries(user).values_list("action", flat=True))


def error_text(response) -> str:
    return " ".join(
        item.get_text(" ", strip=True) for item in parse(response).select(".error, .error-message")
    )


class TestCodeStep:
    def test_password_then_a_current_code_reaches_the_dashboard(self, client, site_content):
        admin = make_user("siteadmin", SITE_ADMINISTRATORS)
        device = enrolled(admin)

        after_password = password_sign_in(client, "siteadmin")
        assert after_password.status_code == 302
        assert after_password["Location"].startswith(VERIFY_URL)
        assert client.get("/admin/pages/").status_code == 302  # Nothing else until the code.
        half_signed_in_key = client.cookies["sessionid"].value

        response = client.post(after_password["Location"], {"otp_token": app_code(device.bin_key)})

        assert response.status_code == 302
        assert client.cookies["sessionid"].value != half_signed_in_key
        assert response["Location"] == "/admin/"
        dashboard = client.get("/admin/")
        assert dashboard.status_code == 200
        assert "Dashboard" in visible_text(dashboard)
        assert logged_actions(admin) == [audit.SIGNED_IN, audit.SECOND_FACTOR_ACCEPTED]

    def test_a_wrong_code_is_refused_with_a_clear_message(self, client, site_content):
        admin = make_user("siteadmin", SITE_ADMINISTRATORS)
        device = enrolled(admin)
        password_sign_in(client, "siteadmin")
        wrong = f"{(int(app_code(device.bin_key)) + 1) % 1_000_000:06d}"

        response = client.post(VERIFY_URL, {"otp_token": wrong})

        assert response.status_code == 200
        assert "That code was not accepted" in error_text(response)
        assert client.get("/admin/").status_code == 302
        assert logged_actions(admin)[-1] == audit.SECOND_FACTOR_REFUSED

    def test_an_empty_form_asks_for_the_code(self, client, site_content):
        enrolled(make_user("siteadmin", SITE_ADMINISTRATORS))
        password_sign_in(client, "siteadmin")

        response = client.post(VERIFY_URL, {})

        assert response.status_code == 200
        assert "This field is required" in visible_text(response)
        assert client.get("/admin/").status_code == 302

    def test_a_code_is_accepted_only_once(self, client, site_content):
        admin = make_user("siteadmin", SITE_ADMINISTRATORS)
        device = enrolled(admin)
        code = app_code(device.bin_key)
        password_sign_in(client, "siteadmin")
        client.post(VERIFY_URL, {"otp_token": code})
        client.post("/admin/logout/")

        password_sign_in(client, "siteadmin")
        replayed = client.post(VERIFY_URL, {"otp_token": code})

        assert replayed.status_code == 200
        assert "That code was not accepted" in error_text(replayed)

    def test_a_recovery_code_works_once(self, client, site_content):
        admin = make_user("siteadmin", SITE_ADMINISTRATORS)
        enrolled(admin)
        recovery_codes_for(admin, "abcd2345", "efgh6723")
        password_sign_in(client, "siteadmin")

        response = client.post(VERIFY_URL, {"otp_token": "ABCD 2345"}, follow=True)

        assert response.redirect_chain[0] == ("/admin/", 302)
        assert "1 left" in visible_text(response)
        assert logged_actions(admin)[-1] == audit.SECOND_FACTOR_ACCEPTED
        assert log_entries(admin).last().data == {"method": audit.METHOD_RECOVERY_CODE}
        client.post("/admin/logout/")
        password_sign_in(client, "siteadmin")
        again = client.post(VERIFY_URL, {"otp_token": "abcd2345"})
        assert "That code was not accepted" in error_text(again)

    def test_an_author_who_enrolled_must_use_the_code_too(self, client, site_content):
        author = make_user("author", AUTHORS)
        enrolled(author)

        assert password_sign_in(client, "author")["Location"].startswith(VERIFY_URL)

    def test_the_code_step_returns_to_the_page_asked_for(self, client, site_content):
        admin = make_user("siteadmin", SITE_ADMINISTRATORS)
        device = enrolled(admin)
        client.force_login(admin)
        first = client.get("/admin/pages/")
        assert first["Location"] == f"{VERIFY_URL}?next=/admin/pages/"

        response = client.post(first["Location"], {"otp_token": app_code(device.bin_key)})

        assert response["Location"] == "/admin/pages/"

    def test_the_code_step_never_sends_anyone_to_another_site(self, client, site_content):
        admin = make_user("siteadmin", SITE_ADMINISTRATORS)
        device = enrolled(admin)
        client.force_login(admin)

        response = client.post(
            f"{VERIFY_URL}?next=https://evil.example/", {"otp_token": app_code(device.bin_key)}
        )

        assert response["Location"] == "/admin/"


class TestEnrollment:
    def test_enrollment_shows_a_qr_code_and_a_key_and_hands_out_recovery_codes_once(
        self, client, site_content
    ):
        admin = make_user("siteadmin", SITE_ADMINISTRATORS)
        client.force_login(admin)
        page = client.get(ENROLL_URL)
        html = parse(page)
        qr = html.select_one("img.two-factor-qr-code")
        assert qr["src"].startswith("data:image/svg+xml;base64,")
        assert qr["alt"]
        key = key_from_setup_key(html.select_one(".two-factor-secret").get_text())

        response = client.post(
            ENROLL_URL, {"password": PASSWORD, "code": app_code(key)}, follow=True
        )

        assert response.redirect_chain == [(RECOVERY_CODES_URL, 302)]
        codes = [
            item.get_text() for item in parse(response).select(".two-factor-recovery-codes code")
        ]
        assert len(codes) == 10
        assert all(re.fullmatch(r"[a-z2-7]{8}", code) for code in codes)
        assert client.get("/admin/").status_code == 200  # Verified by enrolling.
        again = client.get(RECOVERY_CODES_URL)
        assert not parse(again).select(".two-factor-recovery-codes")
        assert "shown only once" in visible_text(again)
        device = TOTPDevice.objects.get(user=admin)
        assert device.confirmed and device.bin_key == key
        assert logged_actions(admin)[-1] == audit.ENROLLED

    def test_a_wrong_code_or_password_does_not_enroll(self, client, site_content):
        admin = make_user("siteadmin", SITE_ADMINISTRATORS)
        client.force_login(admin)
        key = key_from_setup_key(
            parse(client.get(ENROLL_URL)).select_one(".two-factor-secret").get_text()
        )
        wrong = f"{(int(app_code(key)) + 1) % 1_000_000:06d}"

        bad_code = client.post(ENROLL_URL, {"password": PASSWORD, "code": wrong})
        bad_password = client.post(ENROLL_URL, {"password": "not it", "code": app_code(key)})

        assert "That code does not match" in visible_text(bad_code)
        assert "That is not your current password" in visible_text(bad_password)
        assert not TOTPDevice.objects.filter(user=admin, confirmed=True).exists()
        assert client.get("/admin/")["Location"].startswith(ENROLL_URL)

    def test_reloading_enrollment_keeps_the_same_key(self, client, site_content):
        client.force_login(make_user("siteadmin", SITE_ADMINISTRATORS))

        keys = {
            parse(client.get(ENROLL_URL)).select_one(".two-factor-secret").get_text()
            for _ in range(2)
        }

        assert len(keys) == 1

    def test_a_new_app_replaces_the_old_one(self, client, site_content):
        admin = make_user("siteadmin", SITE_ADMINISTRATORS)
        old = enrolled(admin)
        client.force_login(admin)
        client.post(VERIFY_URL, {"otp_token": app_code(old.bin_key)})
        key = key_from_setup_key(
            parse(client.get(ENROLL_URL)).select_one(".two-factor-secret").get_text()
        )

        client.post(ENROLL_URL, {"password": PASSWORD, "code": app_code(key)})

        assert list(TOTPDevice.objects.filter(user=admin).values_list("key", flat=True)) == [
            key.hex()
        ]

    def test_new_recovery_codes_replace_the_old_ones(self, client, site_content):
        admin = make_user("siteadmin", SITE_ADMINISTRATORS)
        device = enrolled(admin)
        recovery_codes_for(admin, "abcd2345")
        client.force_login(admin)
        client.post(VERIFY_URL, {"otp_token": app_code(device.bin_key)})

        response = client.post("/admin/two-factor/", {"password": PASSWORD}, follow=True)

        codes = [
            item.get_text() for item in parse(response).select(".two-factor-recovery-codes code")
        ]
        assert len(codes) == 10
        assert set(
            StaticToken.objects.filter(device__user=admin).values_list("token", flat=True)
        ) == set(codes)
        assert logged_actions(admin)[-1] == audit.RECOVERY_CODES_REPLACED


def verified_login(client, user) -> None:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or enrolled(user)
    client.force_login(user)
    response = client.post(VERIFY_URL, {"otp_token": app_code(device.bin_key)})
    assert response.status_code == 302


class TestResetByAdministrator:
    def test_a_site_administrator_resets_a_colleague_who_is_emailed_and_must_enroll_again(
        self, client, site_content, django_capture_on_commit_callbacks
    ):
        admin = make_user("siteadmin", SITE_ADMINISTRATORS, first_name="Sam", last_name="Admin")
        assert not admin.is_superuser
        colleague = make_user("editor", EDITORS)
        enrolled(colleague)
        recovery_codes_for(colleague, "abcd2345")
        verified_login(client, admin)
        listing = client.get("/admin/users/")
        reset_url = f"/admin/two-factor/reset/{colleague.pk}/"
        assert parse(listing).select_one(f'a[href="{reset_url}"]') is not None
        assert "Reset two-factor sign-in" in client.get(reset_url).content.decode()
        mail.outbox.clear()

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reset_url, follow=True)

        assert response.redirect_chain[-1][0] == "/admin/users/"
        assert "was reset" in visible_text(response)
        assert not TOTPDevice.objects.filter(user=colleague).exists()
        assert not StaticDevice.objects.filter(user=colleague).exists()
        [email] = mail.outbox
        assert email.to == ["editor@practice.example"]
        assert "Sam Admin reset the second factor" in email.body
        # The colleague's next visit to the admin leads to enrollment.
        colleague_client = client.__class__()
        colleague_client.force_login(colleague)
        assert colleague_client.get("/admin/")["Location"].startswith(ENROLL_URL)
        entry = log_entries(colleague).get(action=audit.RESET)
        assert entry.user_id == admin.pk

    def test_the_reset_shows_in_site_history_and_in_the_users_history(self, client, site_content):
        admin = make_user("siteadmin", SITE_ADMINISTRATORS)
        colleague = make_user("editor", EDITORS)
        enrolled(colleague)
        verified_login(client, admin)
        client.post(f"/admin/two-factor/reset/{colleague.pk}/")

        site_history = visible_text(client.get("/admin/reports/site-history/"))
        user_history = visible_text(client.get(f"/admin/users/history/{colleague.pk}/"))

        assert "Second factor reset; the user must enroll again" in site_history
        assert "Second factor reset; the user must enroll again" in user_history
        assert "Signed in with the second factor (authenticator app)" in site_history

    def test_an_editor_cannot_reset_anyone(self, client, site_content):
        editor = make_user("editor", EDITORS)
        colleague = make_user("other", EDITORS)
        device = enrolled(colleague)
        verified_login(client, editor)

        response = client.post(f"/admin/two-factor/reset/{colleague.pk}/")

        assert response.status_code == 302
        assert response["Location"] == "/admin/"
        assert TOTPDevice.objects.filter(pk=device.pk).exists()

    def test_a_site_administrator_cannot_reset_a_superuser(self, client, site_content):
        admin = make_user("siteadmin", SITE_ADMINISTRATORS)
        root = get_user_model().objects.create_superuser("root", "root@practice.example", PASSWORD)
        device = enrolled(root)
        verified_login(client, admin)

        client.post(f"/admin/two-factor/reset/{root.pk}/")

        assert TOTPDevice.objects.filter(pk=device.pk).exists()


class TestBreakGlassCommand:
    def test_the_command_removes_the_factor_logs_it_and_emails_the_user(
        self, site_content, client, django_capture_on_commit_callbacks
    ):
        root = get_user_model().objects.create_superuser("root", "root@practice.example", PASSWORD)
        enrolled(root)
        recovery_codes_for(root, "abcd2345")
        mail.outbox.clear()

        with django_capture_on_commit_callbacks(execute=True):
            call_command("reset_second_factor", "root")

        assert not TOTPDevice.objects.filter(user=root).exists()
        assert not StaticDevice.objects.filter(user=root).exists()
        [email] = mail.outbox
        assert email.to == ["root@practice.example"]
        assert "from the server" in email.body
        entry = log_entries(root).get(action=audit.RESET)
        assert entry.user_id is None
        assert entry.data == {"via": audit.RESET_FROM_SERVER}
        # Signing in now leads to enrollment, not to a code nobody has.
        assert password_sign_in(client, "root")["Location"].startswith(ENROLL_URL)

    def test_an_unknown_user_name_is_an_error(self, site_content):
        with pytest.raises(CommandError, match="No account"):
            call_command("reset_second_factor", "nobody")


class TestIdleTimeout:
    def _idle_for(self, client, seconds):
        session = client.session
        session[LAST_ACTIVITY_SESSION_KEY] = int(time.time() - seconds)
        session.save()

    def test_the_admin_signs_out_after_the_idle_time(self, client, site_content, settings):
        settings.TWO_FACTOR_REQUIRED = False
        author = make_user("author", AUTHORS)
        client.post(LOGIN_URL, {"username": "author", "password": PASSWORD})
        assert client.get("/admin/").status_code == 200
        self._idle_for(client, 31 * 60)

        response = client.get("/admin/pages/", follow=True)

        assert response.redirect_chain[0] == ("/admin/login/?next=/admin/pages/", 302)
        assert "signed out after 30 minutes without activity" in visible_text(response)
        assert client.get("/admin/").status_code == 302
        assert logged_actions(author)[-1] == audit.SIGNED_OUT_IDLE

    def test_activity_within_the_idle_time_keeps_the_session(self, client, site_content, settings):
        settings.TWO_FACTOR_REQUIRED = False
        make_user("author", AUTHORS)
        client.post(LOGIN_URL, {"username": "author", "password": PASSWORD})
        self._idle_for(client, 29 * 60)

        assert client.get("/admin/").status_code == 200
        # That request counted as activity.
        assert time.time() - client.session[LAST_ACTIVITY_SESSION_KEY] < 5

    def test_the_idle_time_is_configurable(self, client, site_content, settings):
        settings.TWO_FACTOR_REQUIRED = False
        settings.ADMIN_IDLE_TIMEOUT = 5 * 60
        make_user("author", AUTHORS)
        client.post(LOGIN_URL, {"username": "author", "password": PASSWORD})
        self._idle_for(client, 6 * 60)

        assert client.get("/admin/")["Location"] == "/admin/login/?next=/admin/"


class TestLockout:
    def test_a_lockout_emails_the_account_owner_once(self, client, site_content):
        author = make_user("author", AUTHORS)
        mail.outbox.clear()
        for _ in range(7):
            client.post(LOGIN_URL, {"username": "author", "password": "wrong guess"})

        [email] = mail.outbox
        assert email.to == ["author@practice.example"]
        assert "was paused for 15 minutes" in email.body
        assert "127.0.0.1" in email.body
        assert logged_actions(author) == [audit.LOCKED_OUT]

    def test_a_lockout_for_an_unknown_name_sends_nothing(self, client, site_content):
        mail.outbox.clear()
        for _ in range(5):
            client.post(LOGIN_URL, {"username": "nobody", "password": "wrong guess"})

        assert mail.outbox == []
