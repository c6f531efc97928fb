"""schema.org JSON-LD built from pages and Practice settings (docs/domain.md, schema.org).

Page types describe themselves with a `structured_data(request, practice)`
method returning a list of nodes; everything else gets a WebPage. Every page
also gets a BreadcrumbList matching its visible breadcrumbs.
"""

import json

from django.utils.safestring import mark_safe

from practice_site.edge.site_address import absolute_url

# Escapes that keep JSON inside <script> from closing the element early.
_SCRIPT_SAFE = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def to_json_ld(data: dict) -> str:
    """JSON for a <script type="application/ld+json"> element, safe against </script>."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_SAFE))  # noqa: S308


def absolute(request, url: str) -> str:
    """`url` on the Site's own address (never the request's Host header)."""
    return absolute_url(request, url)


def postal_address(practice) -> dict | None:
    if not (practice.street_address or practice.address_locality):
        return None
    return {
        "@type": "PostalAddress",
        "streetAddress": practice.street_address,
        "addressLocality": practice.address_locality,
        "addressRegion": practice.address_region,
        "postalCode": practice.postal_code,
        "addressCountry": "US",
    }


def opening_hours(practice) -> list[dict]:
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": list(row.value["days"]),
            "opens": row.value["opens"].strftime("%H:%M"),
            "closes": row.value["closes"].strftime("%H:%M"),
        }
        for row in practice.opening_hours
    ]


def clinic_reference(request, practice) -> dict:
    """The practice as a MedicalClinic node; other nodes point at it by @id."""
    home_url = absolute(request, "/")
    node = {
        "@type": "MedicalClinic",
        "@id": f"{home_url}#practice",
        "name": practice.practice_name,
        "url": home_url,
        "medicalSpecialty": "Psychiatric",
        "isAcceptingNewPatients": practice.accepting_new_patients,
    }
    if practice.phone:
        node["telephone"] = practice.phone
    if practice.email:
        node["email"] = practice.email
    if address := postal_address(practice):
        node["address"] = address
    if hours := opening_hours(practice):
        node["openingHoursSpecification"] = hours
    if practice.logo:
        node["logo"] = absolute(request, practice.logo.get_rendition("height-256").url)
    same_as = [link.value["url"] for link in practice.social_links]
    if same_as:
        node["sameAs"] = same_as
    return node


def medical_review(request, page) -> dict:
    """lastReviewed and reviewedBy, once a Clinical review approval is on the live page."""
    if not page.has_medical_review:
        return {}
    reviewer = page.medical_reviewer
    if reviewer is None:
        reviewed_by = {"@type": "Person", "name": page.medical_reviewer_name}
    else:
        reviewed_by = {
            "@type": "IndividualPhysician" if reviewer.is_prescriber else "Person",
            "@id": absolute(request, reviewer.get_url(request)) + "#person",
            "name": reviewer.title,
        }
    return {"lastReviewed": page.last_reviewed.isoformat(), "reviewedBy": reviewed_by}


def web_page(request, page) -> dict:
    return {
        "@type": "WebPage",
        "@id": absolute(request, page.get_url(request)) + "#webpage",
        "url": absolute(request, page.get_url(request)),
        "name": page.seo_title or page.title,
    }


def breadcrumb_list(request, trail: list[dict]) -> dict:
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": crumb["title"],
                "item": absolute(request, crumb["url"]),
            }
            for position, crumb in enumerate(trail, start=1)
        ],
    }


def page_graph(request, page, practice, trail: list[dict]) -> dict:
    builder = getattr(page, "structured_data", None)
    nodes = builder(request, practice) if builder else [web_page(request, page)]
    if len(trail) > 1:
        nodes.append(breadcrumb_list(request, trail))
    return {"@context": "https://schema.org", "@graph": nodes}
