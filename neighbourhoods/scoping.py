"""Access scoping: the one mechanism that limits what a user sees.

A worker or team lead sees what lies in the neighbourhoods of their teams;
an admin sees everything; anybody else sees nothing. Models that hold
neighbourhood data use ``ScopedQuerySet`` (naming the lookup path from the
model to its ``Neighbourhood``), and views fetch single objects with
``get_visible_or_404``, so an object outside the user's neighbourhoods is a
404, indistinguishable from one that does not exist.

It lives in ``neighbourhoods`` because the scope *is* the neighbourhoods of
a user's teams; every later app imports it from here.

Who reviews proposed matches lives here too, next to the memberships it
reads: being a team lead is ``accounts.User.role`` (``has_lead_rights``,
which also decides auditing and the second factor), and the neighbourhoods
a lead reviews are those of the teams they lead (``Membership.objects
.leading()``); the database keeps a lead membership for team leads and
admins only (see ``Membership``).
"""

from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404

from neighbourhoods.models import (
    LEAD_SCOPE_ATTRIBUTE,
    Membership,
    ScopedQuerySet,
    remembered_scope,
    visible_neighbourhood_ids,
)

__all__ = [
    "ScopedQuerySet",
    "can_review",
    "get_visible_or_404",
    "is_reviewer",
    "lead_neighbourhood_ids",
    "require_auditor",
    "visible_neighbourhood_ids",
]


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


# Who reviews proposed matches.


def lead_neighbourhood_ids(user):
    """The ids of the neighbourhoods where ``user`` leads a team, as a
    sorted list, remembered like ``visible_neighbourhood_ids``."""
    return remembered_scope(user, LEAD_SCOPE_ATTRIBUTE, leading=True)


def is_reviewer(user):
    """Whether ``user`` reviews matches: a team lead (in the teams they lead,
    possibly none yet) or an admin (everywhere); the same rule as auditing
    and the second factor (``User.has_lead_rights``). No query."""
    return user.is_authenticated and user.is_active and user.has_lead_rights


def can_review(user, match):
    """Whether ``user`` may approve, send back or reject ``match`` (whatever
    its status): a lead of a team working in its neighbourhood, or an admin,
    and not its proposer. ``match`` needs ``proposed_by_id`` and
    ``neighbourhood_id``. One query unless decided without one."""
    if not user.is_active or user.pk == match.proposed_by_id:
        return False
    if user.sees_everything:
        return True
    return (
        Membership.objects.leading()
        .filter(user=user, team__neighbourhoods=match.neighbourhood_id)
        .exists()
    )
