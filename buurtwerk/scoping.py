"""Access scoping: the one mechanism that limits what a user sees.

A worker or team lead sees what lies in the neighbourhoods of their teams;
an admin sees everything; anybody else sees nothing. Models that hold
neighbourhood data use ``ScopedQuerySet`` (naming the lookup path from the
model to its ``Neighbourhood``), and views fetch single objects with
``get_visible_or_404``, so an object outside the user's neighbourhoods is a
404, indistinguishable from one that does not exist.
"""

from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404


def visible_neighbourhood_ids(user):
    """A subquery of the ids of the neighbourhoods ``user`` works in.
    Not evaluated here: it becomes part of the caller's query."""
    from neighbourhoods.models import Neighbourhood

    return Neighbourhood.objects.filter(teams__memberships__user=user).values("pk")


class ScopedQuerySet(models.QuerySet):
    #: Lookup path from this model to its Neighbourhood; "" for Neighbourhood itself.
    neighbourhood_lookup = None

    def visible_to(self, user):
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.sees_everything:
            return self
        return self.limited_to(user)

    def limited_to(self, user):
        """What a worker or team lead sees: rows in their neighbourhoods.
        A model whose rows belong to users rather than places overrides this."""
        if self.neighbourhood_lookup is None:
            raise NotImplementedError(f"{type(self).__name__} must set neighbourhood_lookup")
        lookup = f"{self.neighbourhood_lookup}__in" if self.neighbourhood_lookup else "pk__in"
        return self.filter(**{lookup: visible_neighbourhood_ids(user)})


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
