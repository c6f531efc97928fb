"""The crisis line every page shows, in its built-in wording.

The practice can reword it in its settings (practice_site/content/models/settings.py);
error pages, which are rendered without the database, always use this one.
"""

# Wording from docs/domain.md: the 988 Lifeline and the emergency line, and that the site
# is not watched for emergencies.
CRISIS_MESSAGE_DEFAULT = (
    '<p><b>In crisis?</b> Call or text <a href="tel:988">988</a> or chat at '
    '<a href="https://988lifeline.org/">988lifeline.org</a> (988 Suicide &amp; Crisis '
    'Lifeline). If you are in immediate danger, call <a href="tel:911">911</a> or go to '
    "the nearest emergency room. This website and its forms are not monitored for "
    "emergencies.</p>"
)
LIFELINE_NUMBER = "988"
EMERGENCY_NUMBER = "911"
# The numbers a practice's own wording must still give (as numbers, so "988lifeline.org"
# alone does not count).
REQUIRED_NUMBERS = (LIFELINE_NUMBER, EMERGENCY_NUMBER)
