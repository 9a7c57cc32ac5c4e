"""Reading the URL configuration: every named URL with its namespace, and
which HTTP methods a view takes. The access matrix
(``tests/buurtwerk/test_access_matrix.py``) and the page benchmark
(``demo``'s ``bench_pages``) both walk the URLconf with these, so a new view
is covered by both without anyone remembering. No app is imported here."""

from django.urls import URLPattern, URLResolver, get_resolver


def named_patterns(resolver=None, namespace=None):
    """``(name, pattern)`` for every named URL of the project, ``name``
    qualified with its namespace (``contacts:resident_detail``; ``home``
    has none), in URLconf order; a name routed twice only at its first place."""
    seen = set()
    for name, pattern in _walk(resolver or get_resolver(), namespace):
        if name not in seen:
            seen.add(name)
            yield name, pattern


def _walk(resolver, namespace):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            if pattern.namespace and namespace:
                inner = f"{namespace}:{pattern.namespace}"
            yield from _walk(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern


def allowed_methods(view):
    """The HTTP methods the view's ``require_http_methods`` decorators
    (``require_POST``, ``require_safe`` ...) let through, read from their
    closures along the ``__wrapped__`` chain; None when unrestricted (a
    class-based view of allauth or the admin, for instance)."""
    methods = None
    func = view
    while func is not None:
        code, closure = getattr(func, "__code__", None), getattr(func, "__closure__", None)
        if code is not None and closure:
            cells = dict(zip(code.co_freevars, closure, strict=True))
            if "request_method_list" in cells:
                listed = {method.upper() for method in cells["request_method_list"].cell_contents}
                methods = listed if methods is None else methods & listed
        func = getattr(func, "__wrapped__", None)
    return methods


def takes(view, method):
    """Whether ``view`` takes ``method`` ("get", "post" ...)."""
    methods = allowed_methods(view)
    return methods is None or method.upper() in methods
