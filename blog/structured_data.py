"""schema.org JSON-LD of a blog post (docs/domain.md, schema.org): a MedicalWebPage whose
main entity is the BlogPosting, next to the practice it is published by. The nodes every
page shares come from practice_site/content/structured_data.py."""

from django.utils import timezone

from practice_site.content.structured_data import absolute, clinic_reference, medical_review


def blog_page(request, page, practice) -> list[dict]:
    url = absolute(request, page.get_url(request))
    clinic = clinic_reference(request, practice)
    authors = [
        {
            "@type": "Person",
            "name": author.name,
            **(
                {"url": absolute(request, author.profile_page.url)}
                if author.profile_page_id and author.profile_page.live
                else {}
            ),
        }
        for author in page.authors.all()
    ] or [{"@id": clinic["@id"]}]
    posting = {
        "@type": "BlogPosting",
        "headline": page.title[:110],
        "description": page.intro,
        "datePublished": page.date.isoformat(),
        "author": authors,
        "publisher": {"@id": clinic["@id"]},
        "mainEntityOfPage": url,
    }
    if page.last_published_at:
        posting["dateModified"] = timezone.localtime(page.last_published_at).isoformat()
    # Search engines show an article with its image: the post's own, else the practice's
    # default share image (the same one link previews use).
    image = page.hero_image if page.hero_image_id else practice.default_share_image
    if image is not None:
        rendition = image.get_rendition("fill-1200x630|format-jpeg")
        posting["image"] = absolute(request, rendition.url)
    webpage = {
        "@type": "MedicalWebPage",
        "@id": f"{url}#webpage",
        "url": url,
        "name": page.seo_title or page.title,
        "audience": "https://schema.org/Patient",
        "specialty": "https://schema.org/Psychiatric",
        "mainEntity": posting,
        **medical_review(request, page),
    }
    if page.condition_name:
        webpage["about"] = {
            "@type": "MedicalCondition",
            "name": page.condition_name,
            **(
                {"alternateName": page.condition_alternate_name}
                if page.condition_alternate_name
                else {}
            ),
        }
    return [webpage, clinic]
