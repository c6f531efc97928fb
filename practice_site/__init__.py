"""The practice's site: its configuration and the practice's own code, in wings.

Configuration (may name any app, blog included): settings/, urls.py, wsgi.py, asgi.py.

The wings, each a Django app, import only downward (enforced by import-linter,
see the [tool.importlinter] contracts in pyproject.toml and docs/architecture.md):

- editorial/   staff roles, clinical review, review reminders, the launch checklist, admin screens
- two_factor/  the second factor for staff sign-in
- operations/  backups and the scheduler of recurring jobs
- content/     page models, snippets, settings, blocks, the contact pipeline, structured data
- caching/     the content version, page routes, the front cache, cached fragments
- edge/        middleware, guards, health checks, error pages, client addresses, uploads

Nothing here imports blog or initial_content: they sit above.
"""
