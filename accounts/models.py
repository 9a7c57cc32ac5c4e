from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from buurtwerk import languages as language_list


class Role(models.TextChoices):
    """What a user is. ``User.role`` is the one source of truth for being a
    team lead; see ``User``."""

    WORKER = "worker", _("Neighbourhood worker")
    TEAM_LEAD = "team_lead", _("Team lead")
    ADMIN = "admin", _("Administrator")

    @classmethod
    def leading(cls):
        """The roles that may lead a team. The database trigger
        ``membership_lead_is_team_lead`` (neighbourhoods, migration 0002)
        holds the same two values."""
        return [cls.TEAM_LEAD, cls.ADMIN]


class UserManager(DjangoUserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        """``createsuperuser`` makes an admin."""
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person who logs in: a worker, a team lead or an admin. Residents
    never log in. What a user sees follows from the teams they belong to
    (see ``neighbourhoods.scoping``); admins see everything.

    **Who is a team lead.** ``role`` is the one source of truth for *being*
    a team lead. One rule built on it, ``has_lead_rights``, decides
    reviewing (``neighbourhoods.scoping.is_reviewer``), auditing
    (``may_audit``) and the second factor at login (``mfa_required``) alike;
    ``role`` itself is what the access log records. Which teams a lead leads is
    ``neighbourhoods.Membership.role`` ("lead"), and only that decides
    *which* proposals they review (``neighbourhoods.scoping.can_review``).
    The database keeps the two in step, whatever writes them (a form, a
    bulk update, a shell, raw SQL); both triggers are in the neighbourhoods
    app's migration 0002, because this app comes first and knows no teams:

    - ``membership_lead_is_team_lead`` refuses a lead membership of a user
      whose role is not team lead or administrator (``Role.leading``);
    - ``user_demoted_leads_no_team`` turns the lead memberships of a user
      whose role becomes worker into worker memberships, in the same
      statement.

    Why the role and not the membership (deriving "team lead" from having a
    lead membership): MFA and login are decided here, in the first app,
    which may not read teams; a role on the user costs no query on any page
    (a membership would cost one on every page that writes the access log);
    and the rights of a team lead (change histories, access logs, residents'
    rights) are granted on purpose, in the user's own form, rather than as a
    side effect of editing a team, and do not lapse for a moment while an
    admin moves a lead from one team to another."""

    role = models.CharField(
        _("role"),
        max_length=20,
        choices=Role,
        default=Role.WORKER,
        help_text=_(
            "Team leads and administrators review proposed matches, see change histories "
            "and access logs, and log in with two-factor authentication. Only they can lead "
            "a team; a team lead who becomes a worker no longer leads any team."
        ),
    )

    languages = ArrayField(
        models.CharField(max_length=3, choices=language_list.LANGUAGES),
        verbose_name=_("languages spoken"),
        default=list,
        db_default=[],
        blank=True,
        validators=[language_list.validate_codes],
        help_text=_(
            "The languages this worker can hold a conversation in. Coverage shows the "
            "languages of the residents in which nobody on the team can reach them."
        ),
    )

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

    @classmethod
    def from_db(cls, db, field_names, values):
        """Remembers the role as loaded, so a save can tell whether it now
        needs a second factor it did not need before (``accounts.signals``)."""
        user = super().from_db(db, field_names, values)
        user._loaded_mfa_required = user.mfa_required if "role" in field_names else None
        return user

    @property
    def sees_everything(self):
        """Admins (and Django superusers) are not limited to their teams."""
        return self.is_superuser or self.role == Role.ADMIN

    @property
    def is_team_lead(self):
        return self.role == Role.TEAM_LEAD

    @property
    def may_lead_a_team(self):
        """Whether a membership of this user may be a lead one (the database
        refuses it otherwise, see the class docstring)."""
        return self.role in Role.leading()

    @property
    def has_lead_rights(self):
        """Team leads, and admins (and superusers), who have every right:
        they review proposals (where: ``neighbourhoods.scoping.can_review``),
        audit (``may_audit``) and log in with a second factor
        (``mfa_required``). The one rule behind all three. No query."""
        return self.is_team_lead or self.sees_everything

    @property
    def may_audit(self):
        """Team leads and admins see a resident's change history and access
        log, and carry out a resident's rights (export, erasure)."""
        return self.has_lead_rights

    @property
    def mfa_required(self):
        """Team leads and admins must log in with a second factor (an
        authenticator app); workers too when ``MFA_REQUIRED_FOR_WORKERS`` is on."""
        return self.has_lead_rights or settings.MFA_REQUIRED_FOR_WORKERS
