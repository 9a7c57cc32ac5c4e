"""The access-log rows the privacy work writes, through the audit app."""

from accesslog.models import AccessEvent
from accesslog.services import log_access, record_access


def log_export(request, resident_id):
    """One row: ``request.user`` exported everything about the resident."""
    return log_access(request, AccessEvent.What.EXPORT, residents=[resident_id])


def log_erasure_page(request, resident_id):
    """One row: ``request.user`` was shown the erasure page of the resident
    (their name; the erasure itself is ``log_erasure``)."""
    return log_access(request, AccessEvent.What.ERASURE_PAGE, residents=[resident_id])


def log_erasure(*, request, by, resident_id):
    """One row: ``by`` erased the resident. With a request (a lead or admin
    on the erasure page) through ``accesslog.services.log_access``; without one
    (the retention job) the same row without an address."""
    if request is not None:
        return log_access(request, AccessEvent.What.ERASURE, residents=[resident_id])
    return record_access(user=by, what=AccessEvent.What.ERASURE, residents=[resident_id])
