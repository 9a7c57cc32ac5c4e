"""Authentication backends that load a user together with their scope.

Every page filters by the user's neighbourhood ids
(``visible_neighbourhood_ids``); reading them with the user, in the query
Django makes anyway at the start of each request, saves a query per page.
The statement is built by the ORM once per process and then run raw:
compiling the subqueries again on every request cost more than the query
it saves. Same behaviour as the backends they extend otherwise."""

import functools

from allauth.account import auth_backends
from django.contrib.auth import backends, get_user_model
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ValidationError
from django.db.models import OuterRef

from neighbourhoods.models import (
    LEAD_SCOPE_ATTRIBUTE,
    SCOPE_ATTRIBUTE,
    _scope_version,
    neighbourhood_ids_of,
)

#: Stands in for the user's id while the statement is built.
_ANY_ID = -7_654_321


@functools.cache
def _statement():
    """(SQL, parameters, index of the user's id among them)."""
    users = (
        get_user_model()
        ._default_manager.annotate(
            scope_ids=ArraySubquery(neighbourhood_ids_of(OuterRef("pk"))),
            lead_scope_ids=ArraySubquery(neighbourhood_ids_of(OuterRef("pk"), leading=True)),
        )
        .filter(pk=_ANY_ID)
    )
    sql, params = users.query.sql_with_params()
    return sql, list(params), list(params).index(_ANY_ID)


class ScopeLoadingMixin:
    def get_user(self, user_id):
        model = get_user_model()
        try:
            user_id = model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        sql, params, index = _statement()
        params = [*params[:index], user_id, *params[index + 1 :]]
        version = _scope_version[0]
        user = next(iter(model._default_manager.raw(sql, params)), None)
        if user is None or not self.user_can_authenticate(user):
            return None
        setattr(user, SCOPE_ATTRIBUTE, (version, user.scope_ids))
        setattr(user, LEAD_SCOPE_ATTRIBUTE, (version, user.lead_scope_ids))
        return user


class ModelBackend(ScopeLoadingMixin, backends.ModelBackend):
    pass


class AuthenticationBackend(ScopeLoadingMixin, auth_backends.AuthenticationBackend):
    pass
