"""Fixtures for the accounts tests."""

import pytest
from django.core.cache import cache
from django.utils import translation

from tests.accounts.factories import UserFactory


@pytest.fixture
def user(db):
    return UserFactory(username="wendy", email="wendy@example.org")


@pytest.fixture
def english_and_empty_cache(client, settings):
    """Pages in English and an empty cache (allauth's used TOTP codes and rate limits live there);
    for a module, ``pytestmark = pytest.mark.usefixtures("english_and_empty_cache")``."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    cache.clear()  # allauth remembers used TOTP codes and rate limits here
    yield
    # LanguageMiddleware activates English for the thread and leaves it so.
    translation.activate(settings.LANGUAGE_CODE)
