"""Wagtail's user admin with the superuser controls kept from non-superusers.

For a Site administrator the "Administrator" (superuser) box is shown but cannot be
changed, and only the staff roles (plus the groups the account already has) can be
chosen. The hooks in wagtail_hooks.py refuse, with a 403, anything else sent by hand
and any change to a superuser's account (practice_site/editorial/roles.py, user_change_refusal).
"""

from django.contrib.auth.models import Group
from django.db.models import Q

from wagtail.users.views import users

from practice_site.editorial.roles import STAFF_ROLES

SUPERUSER_ONLY_HELP = "Only a superuser can make someone a superuser."


class _StaffRolesOnlyFormMixin:
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.request.user.is_superuser:
            return form
        if "is_superuser" in form.fields:
            form.fields["is_superuser"].disabled = True
            form.fields["is_superuser"].help_text = SUPERUSER_ONLY_HELP
        if "groups" in form.fields:
            allowed = Q(name__in=STAFF_ROLES)
            if form.instance.pk:
                allowed |= Q(pk__in=form.instance.groups.values("pk"))
            form.fields["groups"].queryset = Group.objects.filter(allowed).order_by("name")
        return form


class CreateView(_StaffRolesOnlyFormMixin, users.CreateView):
    pass


class EditView(_StaffRolesOnlyFormMixin, users.EditView):
    pass


class UserViewSet(users.UserViewSet):
    add_view_class = CreateView
    edit_view_class = EditView
