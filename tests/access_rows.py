"""What a request wrote to the read-access log, for the tests of the pages
that write it."""

from accesslog.models import AccessEvent


def rows_written(call):
    """The response of ``call()`` and the access-log rows it wrote, in order."""
    last = AccessEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = call()
    return response, list(AccessEvent.objects.filter(pk__gt=last).order_by("pk"))


def one_row(call):
    """The response of ``call()`` and the one access-log row it wrote."""
    response, rows = rows_written(call)
    assert len(rows) == 1, f"{len(rows)} access-log rows: {rows}"
    return response, rows[0]


def no_row(call):
    """The response of ``call()``, which wrote no access-log row."""
    response, rows = rows_written(call)
    assert rows == [], rows
    return response


def ids(*residents):
    """The set of ids of ``residents`` (Resident objects or ids)."""
    return {getattr(resident, "pk", resident) for resident in residents}


def access_log_inserts(captured):
    """How many of the queries ``captured`` (a CaptureQueriesContext) wrote
    to the access log."""
    return sum('INSERT INTO "audit_accessevent"' in query["sql"] for query in captured)
