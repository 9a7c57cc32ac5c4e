"""Writes to the read-access log and its purge."""

from django.db import connection, transaction

from accesslog.models import PURGE_SETTING, AccessEvent
from buurtwerk.client_ip import client_ip


def _resident_id(resident):
    return getattr(resident, "pk", resident)


def _resident_ids(residents):
    """The distinct ids of ``residents`` (Resident objects or ids), in order,
    None left out."""
    return list(dict.fromkeys(_resident_id(r) for r in residents if r is not None))


def log_access(request, what, *, residents=(), obj=None):
    """Record that ``request.user`` was shown ``what`` about ``residents``
    (Resident objects or ids, None ignored, each once) and return the row.
    ``obj`` is the conversation, match, round ... shown, if any.

    One row per page view, one INSERT: the caller collects the residents
    from the objects it already loaded for the page, never with a query of
    its own. No names or search terms are stored. A page that shows nobody
    this time (an empty list, a search that found no one) writes no row and
    returns None: the log answers "who saw this resident?", and an empty
    row answers nothing."""
    ids = _resident_ids(residents)
    if not ids:
        return None
    return _create(user=request.user, what=what, resident_ids=ids, obj=obj, ip=client_ip(request))


def record_access(*, user, what, residents=(), obj=None, ip=None):
    """The row ``log_access`` writes, for work done without a request (the
    retention job): ``user`` did ``what``, from no known address."""
    return _create(user=user, what=what, resident_ids=_resident_ids(residents), obj=obj, ip=ip)


def _create(*, user, what, resident_ids, obj, ip):
    return AccessEvent.objects.create(
        user=user,
        role=user.role,
        what=what,
        object_id=str(obj.pk) if obj is not None else "",
        residents=resident_ids,
        ip=ip,
    )


def purge_access_log(*, before):
    """Delete the access-log rows older than ``before`` (an aware datetime);
    returns how many. The database refuses any other DELETE: the cut-off is
    set for this transaction only and cleared again afterwards."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, %s, true)", [PURGE_SETTING, before.isoformat()])
        deleted, _ = AccessEvent.objects.filter(at__lt=before).delete()
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, '', true)", [PURGE_SETTING])
    return deleted
