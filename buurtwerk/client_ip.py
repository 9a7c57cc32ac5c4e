"""The address a request came from, the one place that decides it.

Behind no proxy it is ``REMOTE_ADDR``. Behind ``TRUSTED_PROXIES`` reverse
proxies (env ``BUURTWERK_TRUSTED_PROXIES``), each proxy appends the address it
received the request from to ``X-Forwarded-For``, so the client is the entry
that many places from the right; everything left of it may be made up by the
client and is ignored. Used by the login lockout (django-axes), the session
list (allauth) and the access log.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The client's IP address as a string, or None when there is none (a
    request built in a test or a management command)."""
    remote = _valid(request.META.get("REMOTE_ADDR", ""))
    proxies = getattr(settings, "TRUSTED_PROXIES", 0)
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        # Not every trusted proxy saw this request: trust none of the header.
        return remote
    return _valid(forwarded[-proxies]) or remote


def _valid(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None
