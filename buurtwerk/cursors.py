"""Keyset paging ("older" links): a place in a list sorted by a moment,
written into a URL as the moment in whole microseconds since 1970. Exact
(PostgreSQL keeps microseconds), short, and no personal data; the id that
breaks ties is added by the caller."""

import datetime

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_MICROSECOND = datetime.timedelta(microseconds=1)


def moment_to_text(moment):
    """``moment`` (an aware datetime) as digits."""
    return str((moment - _EPOCH) // _MICROSECOND)


def moment_from_text(text):
    """The aware datetime (UTC) of ``moment_to_text``'s digits, or None when
    ``text`` is not such digits."""
    if not text.isdigit():
        return None
    try:
        return _EPOCH + int(text) * _MICROSECOND
    except OverflowError:
        return None
