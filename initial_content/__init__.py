"""Initial content for a new site: the home page, the blog and its first posts.

Run through `manage.py load_initial_data`. This package sits above both apps
(it creates blog pages), so nothing in practice_site's models, views or
template tags imports it.
"""
