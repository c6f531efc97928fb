"""The words of the initial pages, as structured StreamField data.

The treatment-resistant depression (TRD) article follows the practice's
original text; wording was made careful where the clinical facts require it
(TRD is "commonly defined as", not a diagnosis; esketamine is FDA-approved,
IV ketamine is off-label, TMS is FDA-cleared). The three short posts are demo
content for the practice's clinicians to review, replace or remove.
"""

from practice_site.content.rich_text import EMBED_TYPE

PRACTICE_NAME = f'<embed embedtype="{EMBED_TYPE}"/>'

DEMO_NOTICE = (
    "<p><i>Demo post: sample content written for this website. The practice's "
    "clinicians should review, replace or remove it before the site goes live.</i></p>"
)


def heading(text: str) -> dict:
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": html}


def bullet_list(intro: str, items: list[tuple[str, str]]) -> dict:
    """A paragraph followed by a list whose items open with a bold lead term."""
    lis = "".join(f"<li><b>{term}:</b> {text}</li>" for term, text in items)
    return paragraph(f"<p>{intro}</p><ul>{lis}</ul>")


HOME_PAGE = {
    "title": "Help for depression that has not lifted",
    "hero_heading": "Care for depression that has not lifted with treatment",
    "intro": (
        "Demo text: when depression has not improved after earlier treatment, there are "
        "further options. Replace this introduction in the admin."
    ),
}

# The images the loader draws (initial_content/artwork.py): their collection in the
# image library and their titles, by which a later run finds them again. Artwork is
# decorative and has no description. A clinician's photo must have one (ClinicianPage.clean):
# the placeholder's says what it is, and is its alt text wherever a template sets none.
ARTWORK_COLLECTION = "Initial artwork"
ARTWORK_TITLES = {
    "home": "Initial artwork: home page",
    "post": "Initial artwork: post {slug}",
    "treatment": "Initial artwork: treatment {slug}",
    "portrait": "Initial artwork: clinician photo placeholder",
    "share": "Initial artwork: share image",
    "logo": "Initial artwork: logo",
    "logo_dark": "Initial artwork: logo for dark backgrounds",
}
PORTRAIT_PLACEHOLDER_DESCRIPTION = "Placeholder image: no photo of this clinician yet"

CONTACT_PAGE = {
    "title": "Request an appointment",
    "slug": "contact",
    "intro": (
        "<p>Tell us how to reach you and a member of our team will contact you to talk "
        "about next steps. Demo text: replace it in the admin.</p>"
    ),
    "thank_you_text": (
        "<p>A member of our team will contact you in the way you asked, usually within "
        "two business days (demo text: set your own promise). If you do not hear from us, "
        "please call.</p>"
    ),
}

PRIVACY_POLICY = {
    "title": "Website privacy policy",
    "slug": "privacy-policy",
    "intro": (
        "How this website handles your information. "
        "Demo text for the practice's counsel to review."
    ),
    "body": [
        paragraph(
            "<p><i>Demo text: the practice's counsel must review and replace this policy "
            "before the site goes live.</i></p>"
        ),
        heading("No tracking"),
        paragraph(
            "<p>This website uses no advertising pixels, analytics services or other "
            "trackers, and loads nothing from other companies' servers. Reading it sends "
            "your information to no one.</p>"
        ),
        heading("Cookies and your browser's storage"),
        paragraph(
            "<p>The site sets a security cookie when you use the contact form, and staff "
            "who sign in get a session cookie. Neither is used to follow you.</p>"
            "<p>If you choose the light or dark theme with the theme button, your browser "
            "keeps that choice in its local storage, on your device, so the next page "
            "opens the same way. It is never sent to us, and the site keeps nothing else "
            "there. Clearing this site's data in your browser removes it.</p>"
        ),
        heading("The contact form"),
        paragraph(
            "<p>The form asks only for what we need to contact you. Please do not send "
            "health details through it. Inquiries are stored on our server, read only by "
            "authorized staff, and deleted after 90 days.</p>"
        ),
        heading("Your rights"),
        paragraph(
            "<p>You can ask us what we hold about you and ask us to delete it, using the "
            "contact details at the foot of every page.</p>"
        ),
    ],
}

CALL_TO_ACTION = {
    "name": "Request an appointment (site default)",
    "heading": "Ready to talk about next steps?",
    "text": (
        "Tell us how to reach you, and we will get in touch to arrange a first conversation."
    ),
    "button_label": "Request an appointment",
}

OPENING_HOURS = [
    {
        "type": "hours",
        "value": {
            "days": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
            "opens": "09:00:00",
            "closes": "17:00:00",
        },
    }
]

BLOG_INDEX = {
    "title": "Blog",
    "slug": "blog",
    "intro": "Articles on treatment-resistant depression and the treatments used for it.",
}

CATEGORIES = {
    "understanding-depression": "Understanding depression",
    "treatments": "Treatments",
}

TRD_ARTICLE = {
    "slug": "treatment-resistant-depression",
    "category": "understanding-depression",
    "tags": ["TRD", "Treatment options"],
    "condition_name": "Treatment-resistant depression",
    "condition_alternate_name": "TRD",
    "title": "Understanding Treatment-Resistant Depression: What You Need to Know",
    "intro": (
        "Depression is one of the most common mental health conditions, affecting millions "
        "of people worldwide. For many, therapy and medication can provide significant "
        "relief. But what happens when these treatments don’t seem to work? If you or a "
        "loved one have been struggling with persistent depression despite trying various "
        "therapies, you may be dealing with treatment-resistant depression. In this blog "
        "post, we’ll explore what treatment-resistant depression is, why it occurs, and how "
        "specialized care can help."
    ),
    "body": [
        heading("What Is Treatment-Resistant Depression?"),
        paragraph(
            "<p>Treatment-resistant depression (TRD) is a term commonly used when major "
            "depressive disorder does not improve after trying at least two different "
            "antidepressant medications at adequate doses and durations (often 4 to 6 weeks "
            "each). It is not a separate diagnosis, but it helps you and your clinicians plan "
            "what to try next. This can feel incredibly frustrating and isolating, but it’s "
            "important to remember that you’re not alone—and that there are options and "
            "hope.</p>"
        ),
        heading("Why Does Depression Become Treatment-Resistant?"),
        bullet_list(
            "There’s no single cause for treatment-resistant depression. Several factors may "
            "play a role, including:",
            [
                (
                    "Biological differences",
                    "Some people’s brains respond differently to medications and therapy.",
                ),
                (
                    "Co-occurring conditions",
                    "Anxiety, bipolar disorder, substance use, or medical issues can "
                    "complicate treatment.",
                ),
                (
                    "Genetic factors",
                    "Family history may influence how depression responds to treatment.",
                ),
                (
                    "Environmental stressors",
                    "Ongoing stress, trauma, or lack of support can make recovery harder.",
                ),
            ],
        ),
        heading("How Is Treatment-Resistant Depression Diagnosed?"),
        paragraph(
            "<p>If you’ve tried multiple treatments without success, your therapist or "
            "psychiatrist may evaluate for TRD. This includes reviewing your treatment "
            "history, current symptoms, and any other health conditions. A thorough "
            "assessment helps identify possible reasons for resistance and guides the next "
            "steps.</p>"
        ),
        heading("Treatment Options for Treatment-Resistant Depression"),
        bullet_list(
            "While TRD can be challenging, there are several evidence-based options to "
            "discuss with your clinician:",
            [
                (
                    "Medication Adjustments",
                    "Sometimes, changing the type, dose, or combination of medications can "
                    "make a difference.",
                ),
                (
                    "Psychotherapy",
                    "Specialized approaches like Cognitive Behavioral Therapy (CBT), "
                    "Dialectical Behavior Therapy (DBT), or Acceptance and Commitment "
                    "Therapy (ACT) may help.",
                ),
                (
                    "Brain Stimulation Therapies",
                    "Treatments such as Transcranial Magnetic Stimulation (TMS), which uses "
                    "FDA-cleared devices, and Electroconvulsive Therapy (ECT) have shown "
                    "promise for people with TRD.",
                ),
                (
                    "Ketamine Therapy",
                    "In recent years, ketamine has emerged as a rapid-acting option for some "
                    "individuals. Esketamine (Spravato) nasal spray is FDA-approved for TRD "
                    "and is given only in certified treatment settings; ketamine infusions "
                    "for depression are an off-label use.",
                ),
                (
                    "Lifestyle Changes",
                    "Addressing sleep, nutrition, exercise, and stress management can "
                    "support recovery.",
                ),
            ],
        ),
        heading("The Importance of Compassionate, Personalized Care"),
        paragraph(
            "<p>Living with treatment-resistant depression can feel overwhelming, but it’s "
            "important to know that progress is possible. At "
            f"{PRACTICE_NAME}, our therapists understand the unique challenges of TRD. We "
            "work closely with you to create a personalized treatment plan, combining "
            "evidence-based therapies with genuine compassion. Our goal is to help you find "
            "hope, healing, and improved quality of life.</p>"
        ),
        # The practice's call to action: empty means the site default from settings.
        {"type": "cta", "value": {"call_to_action": None}},
    ],
}

RELATED_POSTS = [
    {
        "slug": "tms-for-treatment-resistant-depression",
        "category": "treatments",
        "tags": ["TMS", "Brain stimulation", "TRD"],
        "title": "TMS for Depression That Has Not Responded to Medication",
        "intro": (
            "Transcranial magnetic stimulation (TMS) uses magnetic pulses to stimulate areas "
            "of the brain involved in mood. Here is what a course of treatment involves."
        ),
        "body": [
            paragraph(DEMO_NOTICE),
            heading("What TMS Is"),
            paragraph(
                "<p>TMS is given with FDA-cleared devices: the first was cleared for "
                "depression in 2008, and an accelerated protocol (SAINT) was cleared in "
                "2022. A coil placed against the head delivers magnetic pulses while you "
                "sit awake in a chair; no anesthesia is needed.</p>"
            ),
            heading("What to Expect"),
            bullet_list(
                "A typical course is planned with your clinician:",
                [
                    (
                        "Sessions",
                        "Standard courses usually involve sessions on most weekdays for "
                        "several weeks.",
                    ),
                    (
                        "Side effects",
                        "Scalp discomfort and headache are the most common; seizures are rare.",
                    ),
                    (
                        "Insurance",
                        "Insurers usually require prior authorization and a record of "
                        "earlier medication trials.",
                    ),
                ],
            ),
            paragraph(
                "<p>TMS helps some people with treatment-resistant depression and not "
                "others. A consultation is the way to find out whether it suits you.</p>"
            ),
        ],
    },
    {
        "slug": "esketamine-and-ketamine-for-depression",
        "category": "treatments",
        "tags": ["Esketamine", "Ketamine", "TRD"],
        "title": "Esketamine and Ketamine: What to Know",
        "intro": (
            "Esketamine nasal spray and ketamine infusions are sometimes considered when "
            "other treatments have not helped. They differ in how they are approved and "
            "given."
        ),
        "body": [
            paragraph(DEMO_NOTICE),
            heading("Esketamine (Spravato)"),
            paragraph(
                "<p>Esketamine nasal spray was FDA-approved in March 2019 for "
                "treatment-resistant depression, and since January 2025 it can also be used "
                "on its own rather than with an oral antidepressant.</p>"
            ),
            bullet_list(
                "Because of its safety program (REMS), esketamine:",
                [
                    ("Where", "is given only in certified treatment settings."),
                    ("Monitoring", "requires at least 2 hours of observation after each dose."),
                    (
                        "Driving",
                        "means no driving until the next day, after a night’s sleep.",
                    ),
                    ("At home", "is never taken home."),
                ],
            ),
            heading("Ketamine Infusions"),
            paragraph(
                "<p>Ketamine is FDA-approved only as an anesthetic. Intravenous ketamine "
                "for depression is an off-label use, which your clinician can discuss with "
                "you, including what is known and not yet known about it.</p>"
            ),
        ],
    },
    {
        "slug": "psychotherapy-for-treatment-resistant-depression",
        "category": "treatments",
        "tags": ["Psychotherapy", "CBT", "TRD"],
        "title": "Psychotherapy for Treatment-Resistant Depression: CBT, DBT and ACT",
        "intro": (
            "Talking therapies remain an important part of care when depression has not "
            "improved with medication alone. Three common approaches, briefly."
        ),
        "body": [
            paragraph(DEMO_NOTICE),
            heading("Three Approaches"),
            bullet_list(
                "Your therapist may suggest one of these, or combine elements of them:",
                [
                    (
                        "Cognitive Behavioral Therapy (CBT)",
                        "works on the links between thoughts, feelings and actions.",
                    ),
                    (
                        "Dialectical Behavior Therapy (DBT)",
                        "builds skills for handling intense emotions and distress.",
                    ),
                    (
                        "Acceptance and Commitment Therapy (ACT)",
                        "helps you act on what matters to you, even while symptoms persist.",
                    ),
                ],
            ),
            heading("Therapy Alongside Other Treatments"),
            paragraph(
                "<p>Psychotherapy is often combined with medication changes or brain "
                "stimulation treatments. Your care team can help you decide what to try "
                "next and in what order.</p>"
            ),
        ],
    },
]
