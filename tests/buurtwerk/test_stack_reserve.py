"""The request runs in a fresh chunk of CPython's frame stack
(``buurtwerk.middleware.StackReserveMiddleware``, CPython gh-142183). What
that saves is measured by ``bench_pages``; these say that every request
takes that path."""

import sys

from django.conf import settings
from django.test.signals import template_rendered
from django.urls import reverse

from buurtwerk import middleware


def frames_up(frame):
    while frame is not None:
        yield frame
        frame = frame.f_back


def test_a_page_is_rendered_below_the_reserved_frame(client, worker):
    seen = []

    def record(**kwargs):
        seen.append(
            any(f.f_code is middleware._reserved.__code__ for f in frames_up(sys._getframe()))
        )

    template_rendered.connect(record)
    try:
        client.force_login(worker)
        assert client.get(reverse("home")).status_code == 200
    finally:
        template_rendered.disconnect(record)
    assert seen
    assert all(seen)


def test_the_reserve_comes_before_all_other_middleware():
    assert settings.MIDDLEWARE[0] == "buurtwerk.middleware.StackReserveMiddleware"


def test_the_reserved_frame_does_not_fit_in_a_chunk_of_the_frame_stack():
    # CPython's chunks are 16 KB (DATA_STACK_CHUNK_SIZE): a frame larger than
    # one always starts a new chunk, twice as large as it needs.
    code = middleware._reserved.__code__
    assert code.co_stacksize == middleware.STACK_RESERVE_SLOTS
    assert code.co_stacksize * 8 > 16 * 1024
