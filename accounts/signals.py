"""Receivers: what happens at login, and when a user is deactivated or their
password changes. Connected in
``AccountsConfig.ready``."""

from allauth.core import context
from allauth.mfa.models import Authenticator
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts import sessions
from accounts.models import User
from accounts.services import user_end_sessions


@receiver(user_logged_in, dispatch_uid="accounts_start_session")
def start_session(sender, request, user, **kwargs):
    """Start the idle and absolute clocks, and decide once whether this user
    must set up two-factor login before anything else (one query, only for
    roles that require it)."""
    if request is None or not hasattr(request, "session"):
        return
    enrolment_required = (
        user.mfa_required
        and not Authenticator.objects.filter(
            user_id=user.pk, type=Authenticator.Type.TOTP
        ).exists()
    )
    sessions.start(
        request.session,
        mfa_enrolment_required=enrolment_required,
        mfa_checked=user.mfa_required,
    )


@receiver(post_save, sender=User, dispatch_uid="accounts_end_sessions")
def end_sessions(sender, instance, created, update_fields=None, **kwargs):
    """A deactivated user's sessions all end; after a password change, all
    but the one that changed it (when the user changed their own). Catches
    every path that saves the user (admin, allauth, shell), but not
    ``QuerySet.update()``: Django's own checks still refuse those sessions on
    their next request (inactive user, or a stale password hash)."""
    if created:
        return
    if not instance.is_active and (update_fields is None or "is_active" in update_fields):
        user_end_sessions(user=instance)
    elif instance.mfa_required and getattr(instance, "_loaded_mfa_required", True) is False:
        # A new role needs two-factor login: a session opened with the
        # password alone must not carry its rights. Log in again.
        user_end_sessions(user=instance)
        instance._loaded_mfa_required = True
    elif instance._password is not None:
        # set_password() was called and save() has not yet cleared it: this
        # save changes the password (Django uses the same attribute to call
        # the validators' password_changed hooks).
        user_end_sessions(user=instance, keep_session_key=_own_session_key(instance))


def _own_session_key(user):
    request = context.request
    if request is None or not hasattr(request, "session"):
        return None
    if request.session.get(SESSION_KEY) != str(user.pk):
        return None
    return request.session.session_key
