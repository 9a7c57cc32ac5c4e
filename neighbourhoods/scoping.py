"""Access scoping: the one mechanism that limits what a user sees.

A worker or team lead sees what lies in the neighbourhoods of their teams;
an admin sees everything; anybody else sees nothing. Models that hold
neighbourhood data use ``ScopedQuerySet`` (naming the lookup path from the
model to its ``Neighbourhood``), and views fetch single objects with
``get_visible_or_404``, so an object outside the user's neighbourhoods is a
404, indistinguishable from one that does not exist.

It lives in ``neighbourhoods`` because the scope *is* the neighbourhoods of
a user's teams; every later app imports it from here.
"""

from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404

from neighbourhoods.models import ScopedQuerySet, visible_neighbourhood_ids

__all__ = ["ScopedQuerySet", "get_visible_or_404", "require_auditor", "visible_neighbourhood_ids"]


def get_visible_or_404(queryset, user, **lookup):
    """The object matching ``lookup`` if ``user`` may see it, else Http404.

    ``queryset`` is a model or a QuerySet of a model whose QuerySet has
    ``visible_to(user)``."""
    if isinstance(queryset, type) and issubclass(queryset, models.Model):
        queryset = queryset._default_manager.all()
    return get_object_or_404(queryset.visible_to(user), **lookup)


def require_auditor(user):
    """Team leads and admins see change histories and access logs and carry
    out residents' rights; for anyone else those pages do not exist (404)."""
    if not user.may_audit:
        raise Http404
