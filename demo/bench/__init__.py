"""The page benchmark behind ``manage.py bench_pages``: every GET page of the
URLconf, and the read-only POSTs a worker uses all day, for a worker and a
team lead.

- ``catalogue``: which URL names are measured, with which objects (the ones
  the user may see, the worst among them included), and which are left out
  and why;
- ``objects``: picking those objects for one user;
- ``inprocess``: the server time per page through ``django.test.Client``;
- ``throughput``: requests per second through gunicorn, beside a trivial page.

Development only, like the rest of ``demo``: it sits on top of every app.
"""
