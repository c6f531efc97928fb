"""Staff sign-in: lockout after repeated failures; who must set up a second factor.

Signing in with the second factor itself: test_two_factor.py and tests/e2e/test_two_factor.py.
"""

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from practice_site.editorial.roles import AUTHORS, CLINICAL_REVIEWERS, EDITORS, SITE_ADMINISTRATORS
from tests.factories import staff_user

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
LOGIN_URL = "/admin/login/"


def make_user(username, group_name=None, **extra):
    return staff_user(username, group_name, password=PASSWORD, **extra)


def test_right_password_signs_in(client, site_content):
    make_user("author", AUTHORS)

    response = client.post(LOGIN_URL, {"username": "author", "password": PASSWORD})

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_repeated_bad_logins_lock_the_account_for_a_while(client, site_content):
    make_user("author", AUTHORS)
    for _ in range(4):
        response = client.post(LOGIN_URL, {"username": "author", "password": "wrong guess"})
        assert response.status_code == 200  # The form again, with an error.
    fifth = client.post(LOGIN_URL, {"username": "author", "password": "wrong guess"})
    assert fifth.status_code == 429

    # Even the right password is refused until the lock expires.
    locked = client.post(LOGIN_URL, {"username": "author", "password": PASSWORD})

    assert locked.status_code == 429
    assert "Sign-in paused" in locked.content.decode()
    assert client.get("/admin/").status_code == 302  # Still not signed in.


def test_administrator_without_a_second_factor_must_set_one_up(client, site_content, settings):
    settings.TWO_FACTOR_REQUIRED = True
    client.force_login(make_user("siteadmin", SITE_ADMINISTRATORS))

    response = client.get("/admin/pages/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/two-factor/set-up/")


@pytest.mark.parametrize("group_name", [EDITORS, CLINICAL_REVIEWERS])
def test_staff_who_publish_or_approve_must_set_up_a_second_factor(
    client, site_content, settings, group_name
):
    settings.TWO_FACTOR_REQUIRED = True
    client.force_login(make_user("staff", group_name))

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/two-factor/set-up/")
    # The enrollment page itself is open to them.
    assert client.get(response["Location"]).status_code == 200


def test_superuser_without_a_second_factor_must_set_one_up(client, site_content, settings):
    settings.TWO_FACTOR_REQUIRED = True
    client.force_login(
        get_user_model().objects.create_superuser("root", "root@practice.example", PASSWORD)
    )

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/two-factor/set-up/")


def test_author_is_not_forced_to_use_a_second_factor(client, site_content, settings):
    settings.TWO_FACTOR_REQUIRED = True
    client.force_login(make_user("author", AUTHORS))

    assert client.get("/admin/").status_code == 200


def test_weak_passwords_are_refused():
    for weak in ["short1", "password1234", "123456789012"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password(PASSWORD)


def test_staff_sessions_expire(settings):
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


RESET_URL = "/admin/password_reset/"


def test_password_reset_is_limited_per_account_with_a_friendly_429(
    client, site_content, mailoutbox
):
    make_user("author", AUTHORS)

    sent = [
        client.post(RESET_URL, {"email": "author@practice.example"}, REMOTE_ADDR=f"192.0.2.{n}")
        for n in range(1, 4)
    ]
    fourth = client.post(RESET_URL, {"email": "Author@practice.example"}, REMOTE_ADDR="192.0.2.9")

    assert [response.status_code for response in sent] == [302, 302, 302]
    assert len(mailoutbox) == 3
    assert fourth.status_code == 429
    assert 0 < int(fourth["Retry-After"]) <= 3600
    assert "Too many attempts" in fourth.content.decode()
    assert len(mailoutbox) == 3


def test_password_reset_is_limited_per_address(client, site_content):
    statuses = [
        client.post(RESET_URL, {"email": f"person{n}@example.net"}, REMOTE_ADDR="192.0.2.50")
        for n in range(11)
    ]

    assert [response.status_code for response in statuses] == [302] * 10 + [429]
    # Someone else is not held up.
    other = client.post(RESET_URL, {"email": "else@example.net"}, REMOTE_ADDR="192.0.2.51")
    assert other.status_code == 302


def test_one_address_trying_many_user_names_is_refused_for_a_while(client, site_content):
    make_user("author", AUTHORS)
    sprayed = [
        client.post(
            LOGIN_URL,
            {"username": f"name{n}", "password": "Summer2026!"},
            REMOTE_ADDR="192.0.2.70",
        )
        for n in range(21)
    ]

    assert [response.status_code for response in sprayed] == [200] * 20 + [429]
    assert "Retry-After" in sprayed[-1]
    # The real user, elsewhere, signs in.
    response = client.post(
        LOGIN_URL, {"username": "author", "password": PASSWORD}, REMOTE_ADDR="192.0.2.71"
    )
    assert response.status_code == 302


def test_a_strangers_failures_do_not_lock_out_the_real_user(client, site_content):
    make_user("author", AUTHORS)
    for _ in range(6):
        client.post(
            LOGIN_URL, {"username": "author", "password": "wrong guess"}, REMOTE_ADDR="192.0.2.80"
        )

    response = client.post(
        LOGIN_URL, {"username": "author", "password": PASSWORD}, REMOTE_ADDR="192.0.2.81"
    )

    assert response.status_code == 302
