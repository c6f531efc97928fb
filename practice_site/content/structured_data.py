"""schema.org JSON-LD built from pages and Practice settings (docs/domain.md, schema.org).

Page types describe themselves with a `structured_data(request, practice)`
method returning a list of nodes, built by the functions here (the blog's by
blog/structured_data.py); everything else gets a WebPage. Every page also gets
a BreadcrumbList matching its visible breadcrumbs. The builders read the pages
they are given and import no models, so the models can call them.
"""

import json

from django.db import models
from django.utils.safestring import mark_safe

from practice_site.edge.site_address import absolute_url


class TreatmentSchemaType(models.TextChoices):
    """The schema.org type a treatment page says its treatment is (the values are type names)."""

    PSYCHOLOGICAL = "PsychologicalTreatment", "Psychological treatment (talking therapy)"
    MEDICAL_THERAPY = "MedicalTherapy", "Medical therapy"
    PROCEDURE = "TherapeuticProcedure", "Therapeutic procedure (for example TMS, ECT)"
    DRUG = "Drug", "Drug (a named medicine)"


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


def home_page(request, page, practice, clinicians) -> list[dict]:
    """The practice with its clinicians, and the site with its search."""
    home_url = absolute(request, page.get_url(request))
    clinic = clinic_reference(request, practice)
    if clinicians:
        clinic["employee"] = [
            {"@id": absolute(request, c.get_url(request)) + "#person"} for c in clinicians
        ]
    return [
        clinic,
        {
            "@type": "WebSite",
            "@id": f"{home_url}#website",
            "url": home_url,
            "name": practice.practice_name,
            "publisher": {"@id": f"{home_url}#practice"},
            "potentialAction": {
                "@type": "SearchAction",
                "target": f"{home_url}search/?q={{search_term_string}}",
                "query-input": "required name=search_term_string",
            },
        },
    ]


def treatment_page(request, page, practice) -> list[dict]:
    url = absolute(request, page.get_url(request))
    treatment = {
        "@type": page.schema_type,
        "name": page.title,
        "description": page.summary,
    }
    if page.schema_type == TreatmentSchemaType.DRUG:
        treatment["legalStatus"] = page.get_regulatory_status_display()
    return [
        {
            "@type": "MedicalWebPage",
            "@id": f"{url}#webpage",
            "url": url,
            "name": page.seo_title or page.title,
            "audience": "https://schema.org/Patient",
            "specialty": "https://schema.org/Psychiatric",
            "about": treatment,
            "publisher": {"@id": clinic_reference(request, practice)["@id"]},
            **medical_review(request, page),
        }
    ]


def clinician(request, page, practice) -> dict:
    """The clinician of a profile page, with their degree and license."""
    url = absolute(request, page.get_url(request))
    node = {
        "@type": "IndividualPhysician" if page.is_prescriber else "Person",
        "@id": f"{url}#person",
        "name": page.title,
        "url": url,
        "jobTitle": page.job_title,
        "hasCredential": [
            {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": "degree",
                "name": page.degree,
            },
            {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": "license",
                "name": f"{page.license_type} {page.license_number}",
                "recognizedBy": {
                    "@type": "Organization",
                    "name": f"State licensing board ({page.license_states})",
                },
            },
        ],
        "worksFor": {"@id": clinic_reference(request, practice)["@id"]},
    }
    if page.is_prescriber:
        # IndividualPhysician, not the practice-like Physician, carries a clinician's NPI
        # (docs/domain.md, "schema.org").
        node["usNPI"] = page.npi
        node["medicalSpecialty"] = "Psychiatric"
        node["isAcceptingNewPatients"] = page.accepting_new_patients
    if page.photo_id:
        node["image"] = absolute(request, page.photo.get_rendition("fill-400x400|format-jpeg").url)
    return node


def clinician_page(request, page, practice) -> list[dict]:
    url = absolute(request, page.get_url(request))
    return [
        {
            "@type": "ProfilePage",
            "@id": f"{url}#webpage",
            "url": url,
            "name": page.seo_title or page.title,
            "mainEntity": clinician(request, page, practice),
        },
        clinic_reference(request, practice),
    ]


def page_graph(request, page, practice, trail: list[dict]) -> dict:
    builder = getattr(page, "structured_data", None)
    nodes = builder(request, practice) if builder else [web_page(request, page)]
    if len(trail) > 1:
        nodes.append(breadcrumb_list(request, trail))
    return {"@context": "https://schema.org", "@graph": nodes}
