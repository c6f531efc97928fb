"""Two-factor sign-in for staff, built on django-otp.

Owns who must use a second factor (policy), the sign-in step that asks for a code,
enrollment of an authenticator app (TOTP) with one-time recovery codes, resets by a
Site administrator or from the server (`manage.py reset_second_factor`), the admin's
idle timeout, the audit-log entries for all of these and the emails they send.
Wagtail's own login view asks for the password; the middleware here adds the second
step. It may import Django, Wagtail, django-otp and django-axes, never `blog`.
"""
