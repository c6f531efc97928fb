"""The HTTP edge: what every request meets before and after the page.

Middleware (request ids, security headers, method and database guards),
health checks, friendly error pages, client addresses from trusted proxies,
sign-in limits, the site's configured address, checks on uploaded files.
The lowest wing: it imports no other.
"""
