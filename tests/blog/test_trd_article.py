"""The treatment-resistant depression article, as a visitor reads it."""

import pytest

from tests.html import parse, visible_text

ARTICLE_URL = "/blog/treatment-resistant-depression/"

# The section headings of the practice's original article, in order.
SEED_HEADINGS = [
    "What Is Treatment-Resistant Depression?",
    "Why Does Depression Become Treatment-Resistant?",
    "How Is Treatment-Resistant Depression Diagnosed?",
    "Treatment Options for Treatment-Resistant Depression",
    "The Importance of Compassionate, Personalized Care",
]
CAUSES = [
    "Biological differences",
    "Co-occurring conditions",
    "Genetic factors",
    "Environmental stressors",
]
TREATMENT_OPTIONS = [
    "Medication Adjustments",
    "Psychotherapy",
    "Brain Stimulation Therapies",
    "Ketamine Therapy",
    "Lifestyle Changes",
]

pytestmark = pytest.mark.django_db


def get_article(client):
    response = client.get(ARTICLE_URL)
    assert response.status_code == 200
    return response


def test_article_is_published_at_its_url(client, site_content):
    soup = parse(get_article(client))
    assert soup.h1.get_text(strip=True) == (
        "Understanding Treatment-Resistant Depression: What You Need to Know"
    )
    assert len(soup.find_all("h1")) == 1


def test_every_section_heading_is_an_h2(client, site_content):
    article = parse(get_article(client)).find("article")
    body_headings = [h2.get_text(strip=True) for h2 in article.select(".prose > h2")]
    assert body_headings == SEED_HEADINGS


def test_sections_can_be_linked_to(client, site_content):
    article = parse(get_article(client)).find("article")
    ids = [h2["id"] for h2 in article.select(".prose > h2")]
    assert ids[0] == "what-is-treatment-resistant-depression"
    assert len(set(ids)) == len(SEED_HEADINGS)


@pytest.mark.parametrize("lead_terms", [CAUSES, TREATMENT_OPTIONS], ids=["causes", "treatments"])
def test_lists_are_real_lists_with_bold_lead_terms(client, site_content, lead_terms):
    article = parse(get_article(client)).find("article")
    lists = [
        [li.b.get_text(strip=True).rstrip(":") for li in ul.find_all("li")]
        for ul in article.select(".prose ul")
    ]
    assert lead_terms in lists


def test_paragraphs_are_paragraphs(client, site_content):
    article = parse(get_article(client)).find("article")
    paragraphs = [p.get_text(" ", strip=True) for p in article.select(".prose p")]
    assert any(text.startswith("If you’ve tried multiple treatments") for text in paragraphs)
    # Each section's text stands in its own paragraph, not one blob.
    assert len(paragraphs) >= 5


def test_practice_name_replaces_the_placeholder(client, site_content, practice_settings):
    response = get_article(client)
    text = visible_text(response)
    assert "[Your Practice Name]" not in response.content.decode()
    assert f"At {practice_settings.practice_name}, our therapists understand" in text


def test_changing_the_practice_name_changes_the_article(client, site_content, practice_settings):
    old_name = practice_settings.practice_name
    practice_settings.practice_name = "Riverbend Mood Clinic"
    practice_settings.save()

    text = visible_text(get_article(client))

    assert "At Riverbend Mood Clinic, our therapists understand" in text
    assert old_name not in text


def test_practice_name_in_article_is_escaped(client, site_content, practice_settings):
    practice_settings.practice_name = "Smith & Jones <Clinic>"
    practice_settings.save()

    html = get_article(client).content.decode()

    assert "At Smith &amp; Jones &lt;Clinic&gt;, our therapists" in html


def test_article_lists_its_related_posts(client, site_content):
    soup = parse(get_article(client))
    related = soup.find("section", class_="related-posts")
    links = [a["href"] for a in related.select("a")]
    assert links == [
        "/blog/tms-for-treatment-resistant-depression/",
        "/blog/esketamine-and-ketamine-for-depression/",
        "/blog/psychotherapy-for-treatment-resistant-depression/",
    ]


def test_related_posts_leave_out_unpublished_posts(client, site_content):
    from blog.models import BlogPage

    BlogPage.objects.get(slug="tms-for-treatment-resistant-depression").unpublish()

    related = parse(get_article(client)).find("section", class_="related-posts")

    assert "/blog/tms-for-treatment-resistant-depression/" not in str(related)
    assert len(related.select("a")) == 2


def test_demo_posts_are_marked_as_demo_content(client, site_content):
    for slug in [
        "tms-for-treatment-resistant-depression",
        "esketamine-and-ketamine-for-depression",
        "psychotherapy-for-treatment-resistant-depression",
    ]:
        response = client.get(f"/blog/{slug}/")
        assert response.status_code == 200
        assert "Demo post: sample content" in visible_text(response)


def test_article_closes_with_the_practice_call_to_action(client, site_content):
    soup = parse(get_article(client))
    prose = soup.find("div", class_="prose")
    last = prose.find_all(recursive=False)[-1]
    assert "cta" in last["class"]
    assert last.find("a", class_="button")["href"] == "/contact/"
    assert len(soup.select(".cta")) == 1
