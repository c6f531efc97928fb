"""Everything staff and visitors read is in US English (license, anesthesia, color...)."""

import re
from pathlib import Path

import pytest

from django.apps import apps
from django.conf import settings

from wagtail import blocks
from wagtail.admin.panels import Panel
from wagtail.fields import StreamField

PROJECT_DIR = Path(settings.BASE_DIR)
PROJECT_APPS = ("practice_site", "blog")

# British spellings (as word stems) and the US spelling to use instead.
BRITISH = {
    "licence": "license",
    "anaesthe": "anesthe",
    "authoris": "authoriz",
    "colour": "color",
    "behaviour": "behavior",
    "programme": "program",
    "specialis": "specializ",
    "judgement": "judgment",
    "counsell": "counsel",
    "recognis": "recogniz",
}
BRITISH_PATTERN = re.compile("|".join(BRITISH), re.IGNORECASE)


def british_words(text) -> list[str]:
    return BRITISH_PATTERN.findall(str(text or ""))


def test_the_scan_finds_british_spellings():
    assert british_words("Prior authorisation; no anaesthesia; a Licence; colours") == [
        "authoris",
        "anaesthe",
        "Licence",
        "colour",
    ]
    assert british_words("Prior authorization; no anesthesia; a license; colors") == []


def read_files(*patterns):
    for pattern in patterns:
        for path in sorted(PROJECT_DIR.glob(pattern)):
            yield path.relative_to(PROJECT_DIR), path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "patterns",
    [
        ("templates/**/*.html", "templates/**/*.txt", "*/templates/**/*.html"),
        ("initial_content/*.py",),
        ("README.md", "docs/*.md"),
    ],
    ids=["templates", "initial content", "docs"],
)
def test_files_staff_and_visitors_read_use_us_spelling(patterns):
    found = {
        str(path): british_words(text)
        for path, text in read_files(*patterns)
        if british_words(text)
    }
    assert found == {}


def block_texts(block, seen):
    if id(block) in seen:
        return
    seen.add(id(block))
    yield block.label
    yield getattr(block.meta, "help_text", None)
    yield getattr(block.meta, "description", None)
    if isinstance(block, (blocks.ChoiceBlock, blocks.MultipleChoiceBlock)):
        for choice in block.field.choices:
            yield choice[1]
    for child in getattr(block, "child_blocks", {}).values():
        yield from block_texts(child, seen)
    if isinstance(block, blocks.ListBlock):
        yield from block_texts(block.child_block, seen)


def panel_texts(panel):
    yield panel.heading
    yield panel.help_text
    for child in getattr(panel, "children", []):
        yield from panel_texts(child)


def model_texts(model):
    yield model._meta.verbose_name
    yield model._meta.verbose_name_plural
    for field in model._meta.get_fields():
        yield getattr(field, "verbose_name", None)
        yield getattr(field, "help_text", None)
        if getattr(field, "choices", None):  # static choices only: no database query
            for choice in field.flatchoices:
                yield choice[1]
        if isinstance(field, StreamField):
            yield from block_texts(field.stream_block, set())
    for attribute in ("content_panels", "promote_panels", "settings_panels", "panels"):
        for panel in getattr(model, attribute, []):
            if isinstance(panel, Panel):
                yield from panel_texts(panel)


def test_models_labels_and_help_texts_use_us_spelling():
    """Every model's labels and help texts, Wagtail's and the libraries' included."""
    found = {}
    for model in apps.get_models():
        words = [word for text in model_texts(model) for word in british_words(text)]
        if words:
            found[model._meta.label] = words
    assert found == {}


def test_the_model_scan_reads_the_project_models():
    labels = {model._meta.label for model in apps.get_models()}
    assert {"practice_site.ClinicianPage", "blog.BlogPage", "blog.BlogPageAuthor"} <= labels
    clinician_texts = " ".join(
        str(text) for text in model_texts(apps.get_model("practice_site.ClinicianPage")) if text
    )
    assert "license type" in clinician_texts
    assert "License" in clinician_texts  # the panel heading
    assert "Web address" in " ".join(
        str(text) for text in model_texts(apps.get_model("blog.BlogPage")) if text
    )
