"""The practice-name element that editors insert into rich text."""

import re

import pytest

from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.rich_text import expand_db_html

FEATURES = ["bold", "practice-name"]
STORED = '<p>At <embed embedtype="practice_name"/>, we listen.</p>'


def test_editor_sees_an_entity_and_saving_keeps_only_the_reference():
    converter = ContentstateConverter(features=FEATURES)

    contentstate = converter.from_database_format(STORED)
    assert '"type": "PRACTICE_NAME"' in contentstate
    assert "At Practice name, we listen." in contentstate

    saved = converter.to_database_format(contentstate)
    assert re.sub(r' data-block-key="\w+"', "", saved) == STORED


@pytest.mark.django_db
def test_site_shows_the_current_practice_name(practice_settings):
    practice_settings.practice_name = "Riverbend Mood Clinic"
    practice_settings.save()

    assert expand_db_html(STORED) == "<p>At Riverbend Mood Clinic, we listen.</p>"
