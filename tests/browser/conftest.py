"""Browser tests: pytest-playwright driving Debian's Chromium (never a
downloaded browser). ``make test`` installs the ``chromium`` package when it
is missing; without it these tests are skipped, except in CI, where a
missing browser fails the run."""

import os
import shutil

import pytest
from django.core.cache import cache

from tests.shipped import load_shipped_rows

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM) or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} not installed (make test installs it)")
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def allow_orm_beside_playwright():
    """Playwright's sync API runs an event loop in the test's thread, and
    Django refuses ORM calls there unless told it is safe (it is: the loop
    runs no Django code). Session-scoped, because the test database may be
    created after the browser has started."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A phone: 360 x 740, Dutch; without the service worker (every page
    works without one, and none of its background requests can reach the
    live server while a test's database is emptied). The offline tests
    allow it (tests/browser/test_offline.py)."""
    return {
        **browser_context_args,
        "viewport": {"width": 360, "height": 740},
        "locale": "nl-NL",
        "timezone_id": "Europe/Amsterdam",
        "service_workers": "block",
    }


@pytest.fixture(autouse=True)
def fresh_start(transactional_db):
    """Each browser test starts from the rows the migrations ship (a
    transactional test empties every table when it ends) and an empty
    cache: the live server runs in this process and shares it, so a TOTP
    code used by one test (allauth refuses a code twice) or a run of failed
    logins must not carry over into the next."""
    load_shipped_rows()
    cache.clear()
