from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers


class LanguageMiddleware:
    """Dutch first: every page is Dutch unless the user chose another
    language with the switch in the menu bar (Django's language cookie).
    Unlike Django's LocaleMiddleware, the browser's Accept-Language is not
    consulted, so a worker's English-language phone still shows Dutch."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response


class NoStoreMiddleware:
    """Pages shown to a logged-in user hold personal data: no browser,
    proxy or back-button cache may keep them (``Cache-Control: no-store``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True, max_age=0)
        return response


#: Slots (8 bytes each) of CPython's frame stack that the frame of
#: ``_reserved`` asks for: 512 KB, so the interpreter puts it at the start of
#: a new chunk of 1 MB, and the rest of the request runs in the half that is
#: left (the round page goes about 120 frames deep below this one, some
#: 2,300 slots by the sizes of their code objects).
STACK_RESERVE_SLOTS = 2**16


def _reserved(get_response, request):
    return get_response(request)


# A frame needs co_nlocalsplus + co_stacksize slots; a larger stack than the
# code uses is never touched (only the frame's first page is written).
_reserved.__code__ = _reserved.__code__.replace(co_stacksize=STACK_RESERVE_SLOTS)


class StackReserveMiddleware:
    """Runs the request in a fresh chunk of CPython's frame stack with room
    for all of it, working around CPython issue gh-142183 ("Calls across
    stack chunks perform badly").

    CPython keeps the frames of Python functions in chunks of 16 KB and
    frees a chunk as soon as the last frame in it returns. A loop that
    keeps calling functions exactly at a chunk boundary maps and unmaps a
    chunk on every call: about 6.7 microseconds instead of 40 nanoseconds
    per call on these machines (Python 3.11, 3.12 and 3.13.0 alike). Where
    the boundary falls depends on how deep the request already is, and a
    template render makes thousands of calls at the same few depths: inside
    a request the round page of 71 doors took 64 ms to render, the same
    render outside it 35 ms. Measured: the round page 107 -> 69-77 ms
    median, My day 72 -> 38, the resident page 68 -> 37, the review queue 94
    -> 65 (large demo data, in-process, one machine, same run).

    Here the request starts with one frame too large for the chunk in use
    (``STACK_RESERVE_SLOTS``), so CPython starts a chunk for it of twice
    that size; everything the request calls then fits behind it, and the
    chunk is unmapped once, when the response is returned (a streamed body
    is written after that, outside it). First in ``MIDDLEWARE``, so that
    all the middleware runs in it too.

    CPython fixed this by keeping one spare chunk per thread (pull request
    145789, backported to 3.13 as 146123); on an interpreter with that fix
    this middleware costs one map and unmap per request and can go."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return _reserved(self.get_response, request)
