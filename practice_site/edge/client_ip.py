import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """The visitor's address, for rate limits: the proxy's header when present and valid.

    Behind nginx the address arrives in a header (CLIENT_IP_META_KEY, such as
    HTTP_X_REAL_IP). A request that reaches the app server without it, or with
    something that is not an address, falls back to the connection's address
    rather than failing.
    """
    candidate = request.META.get(settings.CLIENT_IP_META_KEY, "").strip()
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104 - a rate-limit key, not a bind
