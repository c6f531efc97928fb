"""Seed content for treatments, clinicians and the notices a US practice publishes.

Facts and wording follow the practice's clinical guidance (docs/domain.md): devices are
"FDA-cleared", drugs "FDA-approved", off-label use is named, nothing is promised.
Every notice is demo text marked for the practice's counsel to review; the two
clinicians are clearly fictional.
"""

from initial_content.content import heading, paragraph

COUNSEL_NOTICE = paragraph(
    "<p><i>Demo text: the practice's counsel must review and replace this notice before "
    "the site goes live.</i></p>"
)


def step(title: str, text: str) -> dict:
    return {"type": "step", "value": {"title": title, "text": text}}


def question(text: str, answer_html: str) -> dict:
    return {"type": "question", "value": {"question": text, "answer": answer_html}}


TREATMENT_INDEX = {
    "title": "Treatments",
    "slug": "treatments",
    "intro": "The treatments we offer or coordinate for depression that has not improved.",
}

TREATMENTS = [
    {
        "slug": "psychotherapy",
        "title": "Psychotherapy (CBT, DBT and ACT)",
        "summary": (
            "Talking therapies that build skills for managing thoughts, emotions and actions. "
            "They are often combined with other treatments."
        ),
        "who_it_may_help": (
            "<p>Adults whose depression has not improved with medication alone, or who want "
            "skills to use alongside other treatments.</p>"
        ),
        "what_to_expect": [
            step("Assessment", "A first session to understand your history and goals."),
            step("Weekly sessions", "Usually 50 minutes, in person or by telehealth."),
            step("Review", "Every few weeks you and your therapist review progress together."),
        ],
        "regulatory_status": "not_applicable",
        "insurance_notes": (
            "<p>Most insurance plans cover psychotherapy with a licensed clinician.</p>"
        ),
        "faq": [
            question(
                "Which approach is right for me?",
                "<p>Your therapist will suggest one after the assessment, and you decide "
                "together.</p>",
            )
        ],
        "related_posts_tag": "Psychotherapy",
        "schema_type": "PsychologicalTreatment",
    },
    {
        "slug": "medication-management",
        "title": "Medication management",
        "summary": (
            "Reviewing and adjusting antidepressant medicines: the type, the dose, or a "
            "combination, with regular follow-up."
        ),
        "who_it_may_help": (
            "<p>People whose depression has not responded to one or more antidepressant "
            "trials at an adequate dose and duration.</p>"
        ),
        "what_to_expect": [
            step("Medication review", "A psychiatrist reviews every medicine you have tried."),
            step("A plan", "Changes are made one at a time so their effect can be judged."),
            step("Follow-up", "Regular visits to check benefits and side effects."),
        ],
        "regulatory_status": "fda_approved_drug",
        "regulatory_note": (
            "Antidepressants are FDA-approved for depression; olanzapine/fluoxetine was approved "
            "for treatment-resistant depression in 2009. Some combinations are off-label."
        ),
        "safety_notes": (
            "<p>Never stop or change a medicine without talking to your prescriber.</p>"
        ),
        "related_posts_tag": "TRD",
        "schema_type": "MedicalTherapy",
    },
    {
        "slug": "tms",
        "title": "Transcranial magnetic stimulation (TMS)",
        "summary": (
            "Magnetic pulses stimulate areas of the brain involved in mood, while you sit "
            "awake in a chair. No anesthesia is needed."
        ),
        "who_it_may_help": (
            "<p>Adults with depression that has not improved after antidepressant "
            "medication trials.</p>"
        ),
        "what_to_expect": [
            step("Mapping", "The first session finds the right position and strength."),
            step("Sessions", "Standard courses are given on most weekdays for several weeks."),
            step("Review", "Progress is reviewed during and after the course."),
        ],
        "regulatory_status": "fda_cleared_device",
        "regulatory_note": (
            "TMS devices were first FDA-cleared for depression in 2008; an accelerated "
            "protocol (SAINT) was cleared in 2022."
        ),
        "safety_notes": (
            "<p>Scalp discomfort and headache are the most common side effects. Seizures are "
            "rare.</p>"
        ),
        "insurance_notes": (
            "<p>Insurers usually require prior authorization and a record of earlier "
            "medication trials.</p>"
        ),
        "related_posts_tag": "TMS",
        "schema_type": "TherapeuticProcedure",
    },
    {
        "slug": "esketamine",
        "title": "Esketamine (Spravato)",
        "summary": (
            "A nasal spray given in a certified treatment setting, with monitoring after each "
            "dose."
        ),
        "who_it_may_help": (
            "<p>Adults with treatment-resistant depression, with or without an oral "
            "antidepressant.</p>"
        ),
        "what_to_expect": [
            step("Eligibility", "A psychiatrist checks whether esketamine is suitable for you."),
            step("Treatment visits", "You take the spray at the clinic under supervision."),
            step("Monitoring", "You stay at least 2 hours after each dose."),
        ],
        "regulatory_status": "fda_approved_drug",
        "regulatory_note": (
            "Esketamine nasal spray was FDA-approved for treatment-resistant depression in "
            "March 2019, and as monotherapy in January 2025."
        ),
        "safety_notes": (
            "<p>Under its safety program (REMS), esketamine is given only in certified "
            "settings, with at least 2 hours of monitoring; you must not drive until the next "
            "day after a night's sleep, and it is never taken home.</p>"
        ),
        "insurance_notes": "<p>Many plans cover esketamine with prior authorization.</p>",
        "related_posts_tag": "Esketamine",
        "schema_type": "Drug",
    },
    {
        "slug": "ketamine",
        "title": "Ketamine infusions",
        "summary": (
            "Low-dose ketamine given through an intravenous drip, with monitoring. This is an "
            "off-label use."
        ),
        "who_it_may_help": (
            "<p>Some adults with treatment-resistant depression, after a careful assessment "
            "of risks and alternatives.</p>"
        ),
        "what_to_expect": [
            step("Assessment", "A review of your health and of what is known about ketamine."),
            step("Infusions", "A series of infusions, each followed by monitoring."),
        ],
        "regulatory_status": "off_label",
        "regulatory_note": "Ketamine is FDA-approved only as an anesthetic.",
        "safety_notes": ("<p>You will need someone to take you home after each infusion.</p>"),
        "insurance_notes": "<p>Insurers often do not cover off-label ketamine.</p>",
        "related_posts_tag": "Ketamine",
        "schema_type": "Drug",
    },
    {
        "slug": "ect",
        "title": "Electroconvulsive therapy (ECT)",
        "summary": (
            "A procedure under general anesthesia that uses a brief electrical stimulus. We "
            "refer to and coordinate with hospital ECT services."
        ),
        "who_it_may_help": (
            "<p>People with severe depression that is treatment-resistant or needs a rapid "
            "response.</p>"
        ),
        "what_to_expect": [
            step("Referral", "We refer you to a hospital ECT service and share your history."),
            step("Treatments", "Usually two or three treatments a week for several weeks."),
        ],
        "regulatory_status": "fda_cleared_device",
        "regulatory_note": (
            "In 2018 the FDA reclassified ECT devices to Class II for severe depression that is "
            "treatment-resistant or needs a rapid response (ages 13 and older)."
        ),
        "safety_notes": (
            "<p>Short-term memory problems are the most common side effect; your team will "
            "discuss them with you.</p>"
        ),
        "related_posts_tag": "Brain stimulation",
        "schema_type": "TherapeuticProcedure",
    },
]

TEAM_INDEX = {
    "title": "Our clinicians",
    "slug": "team",
    "intro": "The people you will see. Demo profiles: replace them with your own team.",
}

CLINICIANS = [
    {
        "slug": "demo-psychiatrist",
        "title": "Dr. Demo Psychiatrist",
        "degree": "MD",
        "job_title": "Psychiatrist (demo profile)",
        "credentials": "Demo: board certification would be listed here",
        "license_type": "Physician (MD)",
        "license_number": "DEMO-000000",
        "license_states": "IL",
        "is_prescriber": True,
        # A made-up NPI with a valid check digit, used in CMS's own examples.
        "npi": "1234567893",
        "bio": (
            "<p><i>Demo profile: this clinician does not exist. Replace this page with a real "
            "profile.</i></p><p>Leads medication management and treatment planning.</p>"
        ),
        "languages": "English",
        "treatments": ["medication-management", "tms", "esketamine", "ketamine", "ect"],
    },
    {
        "slug": "demo-therapist",
        "title": "Demo Therapist",
        "degree": "LCSW",
        "job_title": "Clinical social worker (demo profile)",
        "license_type": "Licensed Clinical Social Worker",
        "license_number": "DEMO-111111",
        "license_states": "IL",
        "is_prescriber": False,
        "npi": "",
        "bio": (
            "<p><i>Demo profile: this clinician does not exist. Replace this page with a real "
            "profile.</i></p><p>Offers CBT, DBT and ACT, in person and by telehealth.</p>"
        ),
        "languages": "English, Spanish",
        "treatments": ["psychotherapy"],
    },
]

# The TRD article's author (for posts made by the loader).
ARTICLE_AUTHOR_SLUG = "demo-psychiatrist"

NOTICES = [
    {
        "slug": "notice-of-privacy-practices",
        "title": "HIPAA Notice of Privacy Practices",
        "intro": "How we may use and share your health information, and your rights.",
        "body": [
            COUNSEL_NOTICE,
            heading("Your rights"),
            paragraph(
                "<p>You can get a copy of your health records, ask us to correct them, ask us "
                "to limit what we share, get a list of those we have shared information with, "
                "and file a complaint if you believe your privacy rights have been violated.</p>"
            ),
            heading("Our uses and disclosures"),
            paragraph(
                "<p>We use and share your information to treat you, to run our practice and to "
                "bill for our services, and as the law requires.</p>"
            ),
        ],
    },
    {
        "slug": "good-faith-estimate",
        "title": "Good Faith Estimate",
        "intro": "Your right to an estimate of costs if you are uninsured or paying yourself.",
        "body": [
            COUNSEL_NOTICE,
            paragraph(
                "<p>Under the No Surprises Act, if you do not have insurance or are not using "
                "it, you have the right to receive a Good Faith Estimate explaining how much "
                "your care will cost. Ask for one when you schedule, or at any time.</p>"
            ),
            paragraph(
                "<p>If you receive a bill that is at least $400 more than your Good Faith "
                "Estimate, you can dispute the bill. For questions or more information, visit "
                '<a href="https://www.cms.gov/nosurprises">www.cms.gov/nosurprises</a> or call '
                '<a href="tel:+18009853059">1-800-985-3059</a>.</p>'
            ),
        ],
    },
    {
        "slug": "fees-and-insurance",
        "title": "Fees and insurance",
        "intro": "What care costs and which insurance we work with. Demo text.",
        "body": [
            COUNSEL_NOTICE,
            paragraph(
                "<p>Demo text: list your fees, the insurance plans you accept and how billing "
                "works here.</p>"
            ),
            paragraph(
                "<p>If you are uninsured or paying yourself, you have the right to a "
                '<a href="/good-faith-estimate/">Good Faith Estimate</a> of your costs.</p>'
            ),
        ],
    },
    {
        "slug": "telehealth",
        "title": "Telehealth",
        "intro": "Video appointments, and the states where we can offer them. Demo text.",
        "body": [
            COUNSEL_NOTICE,
            paragraph(
                "<p>Our clinicians can see you by secure video if you are in a state where they "
                "are licensed (demo: Illinois). You must be in that state at the time of your "
                "appointment.</p>"
            ),
        ],
    },
    {
        "slug": "accessibility",
        "title": "Accessibility statement",
        "intro": "Our aim of a website everyone can use, and how to tell us about problems.",
        "body": [
            COUNSEL_NOTICE,
            paragraph(
                "<p>We aim for this website to meet the Web Content Accessibility Guidelines "
                "(WCAG) 2.2 at level AA. It is tested with automated checks and by keyboard.</p>"
            ),
            heading("Report a problem"),
            paragraph(
                "<p>If something on this site is hard to use, please tell us through the "
                '<a href="/contact/">contact page</a> or by phone, and we will help you get '
                "the information another way.</p>"
            ),
        ],
    },
    {
        "slug": "medical-disclaimer",
        "title": "Not medical advice",
        "intro": "What this website is, and what it is not.",
        "body": [
            COUNSEL_NOTICE,
            paragraph(
                "<p>The information on this website is general and is not medical advice. "
                "Reading it does not create a clinician-patient relationship. Talk to a "
                "qualified clinician about your own situation.</p>"
            ),
        ],
    },
]
