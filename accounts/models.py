from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    WORKER = "worker", _("Neighbourhood worker")
    TEAM_LEAD = "team_lead", _("Team lead")
    ADMIN = "admin", _("Administrator")


class UserManager(DjangoUserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        """``createsuperuser`` makes an admin."""
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person who logs in: a worker, a team lead or an admin. Residents
    never log in. What a user sees follows from the teams they belong to
    (see ``neighbourhoods.scoping``); admins see everything."""

    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.WORKER)

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="accounts_user_role_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(role=Role.ADMIN) | models.Q(is_staff=True),
                name="accounts_user_admin_is_staff",
                violation_error_message=_(
                    "An administrator needs staff status to reach the administration pages."
                ),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def sees_everything(self):
        """Admins (and Django superusers) are not limited to their teams."""
        return self.is_superuser or self.role == Role.ADMIN

    @property
    def is_team_lead(self):
        return self.role == Role.TEAM_LEAD

    @property
    def may_audit(self):
        """Team leads and admins see a resident's change history and access
        log, and carry out a resident's rights (export, erasure)."""
        return self.is_team_lead or self.sees_everything

    @property
    def mfa_required(self):
        """Team leads and admins must log in with a second factor (an
        authenticator app); workers too when ``MFA_REQUIRED_FOR_WORKERS`` is on."""
        return self.may_audit or settings.MFA_REQUIRED_FOR_WORKERS
