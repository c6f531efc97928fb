"""What visitors read and staff edit: page models, snippets and settings (models/),
StreamField blocks, the contact pipeline (forms, limits, services, tasks, export),
structured data, rich text, the search and contact views.

The Django app labelled `practice_site`: its migrations/ hold the history of
every wing's tables.
"""
