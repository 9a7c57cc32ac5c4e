"""Logging filters.

``RepeatedErrorFilter`` keeps one traceback per kind of failure per
interval. While the database is down every request fails with the same
exception; without it each one writes its traceback (a thousand in three
minutes once, 6 MB), which hides everything else and fills the disk.
"""

import logging
import threading
import time


class RepeatedErrorFilter(logging.Filter):
    """Lets a record with an exception through once per ``interval`` seconds
    for each (exception type, message); the next one let through says how
    many were left out meanwhile. Records without an exception always pass.
    The count is per process: with three gunicorn workers, up to three
    tracebacks per interval."""

    def __init__(self, interval=60, clock=time.monotonic):
        super().__init__()
        self.interval = interval
        self.clock = clock
        self._lock = threading.Lock()
        self._seen = {}  # key -> [time let through, number left out since]

    @staticmethod
    def key(record):
        exc_type, exc, _traceback = record.exc_info
        message = str(exc).strip().splitlines()
        return (exc_type, message[0] if message else "")

    def filter(self, record):
        if not record.exc_info or record.exc_info[0] is None:
            return True
        key = self.key(record)
        now = self.clock()
        with self._lock:
            seen = self._seen.get(key)
            if seen is not None and now - seen[0] < self.interval:
                seen[1] += 1
                return False
            left_out = seen[1] if seen is not None else 0
            self._seen[key] = [now, 0]
            if len(self._seen) > 1000:  # bounded: forget the oldest kinds
                for old in sorted(self._seen, key=lambda k: self._seen[k][0])[:500]:
                    del self._seen[old]
        if left_out:
            record.msg = f"{record.msg} ({left_out} more like this left out since the last one)"
        return True
