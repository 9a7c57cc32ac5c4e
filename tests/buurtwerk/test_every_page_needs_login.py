"""Every page of the contacts and matches apps, found from the URL
configuration (so a new view is covered without anyone remembering), sends
an anonymous visitor to the login page; a POST-only view may answer 405
first. Nothing about a resident is shown before logging in."""

import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

APPS = {"contacts", "matches"}


def named_patterns(resolver=None, namespace=None):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from named_patterns(pattern, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name and namespace in APPS:
            yield f"{namespace}:{pattern.name}", pattern


def example_kwargs(pattern):
    converters = pattern.pattern.converters
    return {
        name: uuid.uuid4() if type(converter).__name__ == "UUIDConverter" else 1
        for name, converter in converters.items()
    }


PAGES = sorted((name, example_kwargs(pattern)) for name, pattern in named_patterns())


def test_the_apps_have_pages():
    assert len(PAGES) > 40


@pytest.mark.parametrize(("name", "kwargs"), PAGES, ids=[name for name, _ in PAGES])
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_anonymous_visitor_is_sent_to_login(client, db, name, kwargs, method):
    response = getattr(client, method)(reverse(name, kwargs=kwargs))
    if response.status_code == 405:
        return
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
