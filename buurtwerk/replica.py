"""Reading the period reports from a read replica (``DATABASE_REPLICA_URL``).

A router chooses a database per model, not per page: sending every read of
conversations to the replica would also send My day's and the resident
page's, which must see the request's own writes. So the router sends reads
to the replica only within ``reading_replica(request)``, which the reports
wrap around their figures; everything else (the user, the session, the
scope, the access log) stays on the primary.

A user who just wrote may not find it on the replica yet: every request
with an unsafe method (a conversation logged, a login) gets a signed
cookie that pins the user to the primary for
``DATABASE_REPLICA_PIN_SECONDS`` (longer than the replica's usual lag), and
``reading_replica`` reads the primary while it lasts. Writes and
migrations go to the primary only. Without ``DATABASE_REPLICA_URL`` all of
this does nothing."""

import contextlib
import contextvars

from django.conf import settings

REPLICA = "replica"
PIN_COOKIE = "bw_primary"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

_on_replica = contextvars.ContextVar("buurtwerk_reads_on_replica", default=False)


def pinned_to_primary(request):
    """Whether ``request`` comes from a user who wrote in the last
    DATABASE_REPLICA_PIN_SECONDS (their pin cookie, signed, not expired)."""
    pin = request.get_signed_cookie(
        PIN_COOKIE,
        default=None,
        salt=PIN_COOKIE,
        max_age=settings.DATABASE_REPLICA_PIN_SECONDS,
    )
    return pin is not None


@contextlib.contextmanager
def reading_replica(request):
    """Within: reads go to the replica, when there is one and the user is
    not pinned to the primary."""
    if not settings.DATABASE_REPLICA or pinned_to_primary(request):
        yield
        return
    token = _on_replica.set(True)
    try:
        yield
    finally:
        _on_replica.reset(token)


class ReplicaRouter:
    """Reads to the replica within ``reading_replica``; all else to the primary."""

    def db_for_read(self, model, **hints):
        return REPLICA if _on_replica.get() else None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: an object read from either
        # may point at one read from the other.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLICA else None


class PinAfterWriteMiddleware:
    """Pins the user of every request with an unsafe method to the primary
    (``pinned_to_primary``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in _SAFE_METHODS:
            response.set_signed_cookie(
                PIN_COOKIE,
                "1",
                salt=PIN_COOKIE,
                max_age=settings.DATABASE_REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
