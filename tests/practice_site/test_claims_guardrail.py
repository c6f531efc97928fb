"""The claims guardrail warns editors about risky wording and never blocks publishing."""

import pytest

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from practice_site.editorial.claims import page_text, risky_claims
from tests.factories import TreatmentPageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text",
    [
        "Our program will cure your depression.",
        "Results guaranteed within weeks.",
        "100% of patients improve.",
        "TMS is FDA-approved for depression.",
        "Read our patient testimonials.",
        "A five-star clinic.",
        "Our success rate is the best in the state.",
    ],
)
def test_risky_phrases_are_found(text):
    assert risky_claims(text)


@pytest.mark.parametrize(
    "text",
    [
        "TMS uses FDA-cleared devices and may help some people.",
        "Esketamine is FDA-approved for treatment-resistant depression.",
        "Treatment can help; results differ from person to person.",
        "Security is assured by a secure connection.",
    ],
)
def test_careful_phrases_pass(text):
    assert risky_claims(text) == []


def test_page_text_reads_titles_rich_text_and_stream_fields(site_tree):
    page = TreatmentPageFactory(
        parent=site_tree.treatment_index,
        title="Transcranial magnetic stimulation",
        safety_notes="<p>Scalp <b>discomfort</b> is common.</p>",
        what_to_expect=[{"type": "step", "value": {"title": "Mapping", "text": "First."}}],
    )
    text = page_text(page)
    assert "Transcranial magnetic stimulation" in text
    assert "Scalp discomfort" in text  # rich text
    assert "Mapping" in text  # a StreamField step


def test_editor_is_warned_after_publishing_and_the_page_is_still_published(
    admin_client, site_tree
):
    page = site_tree.privacy_policy
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": "Our treatments cure depression, guaranteed.",
            "body": streamfield([("paragraph", rich_text("<p>Plain words.</p>"))]),
            "action-publish": "publish",
        }
    )

    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", data, follow=True)

    assert response.status_code == 200
    warnings = [str(m) for m in response.context["messages"]]
    assert any("“cure”" in w for w in warnings), warnings
    assert any("“guaranteed”" in w for w in warnings), warnings
    page.refresh_from_db()
    assert page.live
    assert page.intro == "Our treatments cure depression, guaranteed."


def test_careful_wording_brings_no_warning(admin_client, site_tree):
    page = site_tree.privacy_policy
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": "Treatment may help; results differ from person to person.",
            "body": streamfield([("paragraph", rich_text("<p>Plain words.</p>"))]),
            "action-publish": "publish",
        }
    )

    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", data, follow=True)

    warnings = [str(m) for m in response.context["messages"]]
    assert not any("Check this wording" in w for w in warnings), warnings
