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
