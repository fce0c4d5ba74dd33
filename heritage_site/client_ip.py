"""The address a request came from, as the login lockout counts it."""

from django.conf import settings


def client_ip(request):
    """REMOTE_ADDR; behind our nginx, the last X-Forwarded-For entry (the one nginx appended: any
    earlier entry was sent by the client and proves nothing)."""
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
