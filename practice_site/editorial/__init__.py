"""How staff work: roles and permissions, clinical review and its override, review
reminders, the claims guardrail, the launch checklist, demo content marks, the
Scheduled dashboard panel, the user admin, and the admin hooks that wire them in.
"""
