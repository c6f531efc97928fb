"""Admin forms for blog posts."""

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import InlinePanel, get_form_for_model

from practice_site.content.models import ClinicianPage


class ChildFormInlinePanel(InlinePanel):
    """An InlinePanel whose rows use the child model's `base_form_class`.

    Wagtail's own InlinePanel always builds its rows from WagtailAdminModelForm;
    this one lets a child model bring a form with its own clean().
    """

    def get_form_options(self):
        options = super().get_form_options()
        child_model = self.db_field.related_model
        form_class = getattr(child_model, "base_form_class", None)
        if form_class is not None:
            child_options = self.child_edit_handler.get_form_options()
            options["formsets"][self.relation_name]["form"] = get_form_for_model(
                child_model,
                form_class=form_class,
                defer_required_on_fields=child_options.get("defer_required_on_fields", []),
            )
        return options


def author_details_from_profile(clinician: ClinicianPage) -> dict[str, str]:
    """What an author row takes from the clinician's profile when left empty."""
    return {"name": clinician.title, "credentials": clinician.degree}


class BlogPageAuthorForm(WagtailAdminModelForm):
    """An author row: a name or credentials left empty come from the chosen clinician.

    Filled in while the form is cleaned, so the saved post, and the editor on
    their next look at it, show the clinician's name, which they may still
    change.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Empty is fine when a clinician profile is chosen: clean() fills it in.
        self.fields["name"].required = False

    def clean(self):
        cleaned_data = super().clean()
        profile_page = cleaned_data.get("profile_page")
        clinician = profile_page.specific if profile_page is not None else None
        if isinstance(clinician, ClinicianPage):
            for field_name, value in author_details_from_profile(clinician).items():
                if not cleaned_data.get(field_name):
                    cleaned_data[field_name] = value
        # A draft may be saved unfinished, as Wagtail allows for required fields.
        if not cleaned_data.get("name") and not self.is_deferred_validation:
            self.add_error("name", "Enter the author's name, or choose their clinician profile.")
        return cleaned_data
