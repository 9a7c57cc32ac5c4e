"""PostgreSQL backend that starts the embedded server on first connection.

Used only when ``DATABASE_URL`` is unset. Starting the server lazily, here
rather than while settings are read, keeps commands that never touch the
database (``ruff``, ``check --deploy``) free of side effects.
"""
