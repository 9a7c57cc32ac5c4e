"""Writes to the read-access log and its purge."""

from django.db import connection, transaction

from accesslog.models import PURGE_SETTING, AccessEvent
from buurtwerk.client_ip import client_ip


def _resident_id(resident):
    return getattr(resident, "pk", resident)


def log_access(request, what, *, residents=(), obj=None):
    """Record that ``request.user`` was shown ``what`` about ``residents``
    (Resident objects or ids). ``obj`` is the conversation or match shown,
    if any. One INSERT; no names or search terms are stored."""
    return record_access(
        user=request.user, what=what, residents=residents, obj=obj, ip=client_ip(request)
    )


def record_access(*, user, what, residents=(), obj=None, ip=None):
    """The row ``log_access`` writes, for work done without a request (the
    retention job): ``user`` did ``what``, from no known address."""
    return AccessEvent.objects.create(
        user=user,
        role=user.role,
        what=what,
        object_id=str(obj.pk) if obj is not None else "",
        residents=list(dict.fromkeys(_resident_id(r) for r in residents if r is not None)),
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
