"""Authentication backends that load a user together with their scope.

Every page filters by the user's neighbourhood ids
(``visible_neighbourhood_ids``); reading them with the user, in the query
Django makes anyway at the start of each request, saves a query per page.
Same behaviour as the backends they extend otherwise."""

from allauth.account import auth_backends
from django.contrib.auth import backends, get_user_model
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef

from neighbourhoods.models import (
    LEAD_SCOPE_ATTRIBUTE,
    SCOPE_ATTRIBUTE,
    _scope_version,
    neighbourhood_ids_of,
)


class ScopeLoadingMixin:
    def get_user(self, user_id):
        version = _scope_version[0]
        user = (
            get_user_model()
            ._default_manager.annotate(
                scope_ids=ArraySubquery(neighbourhood_ids_of(OuterRef("pk"))),
                lead_scope_ids=ArraySubquery(neighbourhood_ids_of(OuterRef("pk"), leading=True)),
            )
            .filter(pk=user_id)
            .first()
        )
        if user is None or not self.user_can_authenticate(user):
            return None
        setattr(user, SCOPE_ATTRIBUTE, (version, user.scope_ids))
        setattr(user, LEAD_SCOPE_ATTRIBUTE, (version, user.lead_scope_ids))
        return user


class ModelBackend(ScopeLoadingMixin, backends.ModelBackend):
    pass


class AuthenticationBackend(ScopeLoadingMixin, auth_backends.AuthenticationBackend):
    pass
