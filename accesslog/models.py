from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import BrinIndex, GinIndex
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role

#: The transaction-local setting that lets the retention job delete rows
#: older than a cut-off (``accesslog.services.purge_access_log`` sets it).
PURGE_SETTING = "buurtwerk.access_log_purge_before"


class AccessEventQuerySet(models.QuerySet):
    def about_resident(self, resident_id):
        """The views that showed this resident (GIN index on ``residents``)."""
        return self.filter(residents__contains=[resident_id])


class AccessEvent(models.Model):
    """One read of personal data: who, in which role, what kind of page,
    which residents, when, from which address. Names and search terms are
    never stored, only ids.

    Append-only, enforced by the database: UPDATE is always refused, DELETE
    only for rows older than the cut-off the retention job sets for its own
    transaction. TRUNCATE (test database flushes) is not blocked."""

    class What(models.TextChoices):
        """The kind of page that showed the residents: every page that shows
        a resident's name or notes has one (README, "Access log")."""

        RESIDENT = "resident", _("resident page")
        CONVERSATION = "conversation", _("conversation")
        MATCH = "match", _("match")
        SEARCH = "search", _("search results")
        SUGGESTIONS = "suggestions", _("suggestions")
        EXPORT = "export", _("export")
        HISTORY = "history", _("change history")
        ACCESS_LOG = "access_log", _("access log")
        ERASURE = "erasure", _("erasure")
        MY_DAY = "my_day", _("My day")
        ROUND = "round", _("door-knocking round")
        FOLLOW_UPS = "follow_ups", _("follow-ups")
        REPORTS = "reports", _("list of reports")
        REPORT = "report", _("report")
        INITIATIVE = "initiative", _("initiative members")
        MEMBER_SEARCH = "member_search", _("member search")
        MATCHES = "matches", _("list of matches")
        REVIEW_QUEUE = "review_queue", _("review queue")
        PROPOSAL = "proposal", _("match proposal")
        CONVERSATION_FORM = "conversation_form", _("conversation form")
        FOUND_BY_NAME = "found_by_name", _("residents found by name")
        SIGNAL_FORM = "signal_form", _("signal or referral form")
        FOLLOW_UP_FORM = "follow_up_form", _("follow-up form")
        HEARD_FORM = "heard_form", _("talent or need form")
        ERASURE_PAGE = "erasure_page", _("erasure page")
        MY_CONVERSATIONS = "my_conversations", _("my conversations")
        NOT_SEEN = "not_seen", _("residents not seen")
        ACTIVITY = "activity", _("activity and who was there")

    at = models.DateTimeField(_("when"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("who"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role)
    what = models.CharField(_("what"), max_length=20, choices=What)
    object_id = models.CharField(
        _("object"),
        max_length=64,
        blank=True,
        help_text=_(
            "The id of the conversation, match, round, report, initiative, need, "
            "talent or follow-up viewed, when relevant."
        ),
    )
    residents = ArrayField(
        models.UUIDField(), verbose_name=_("residents"), default=list, blank=True
    )
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        db_table = "audit_accessevent"  # moved from audit; the table kept its name
        verbose_name = _("access event")
        verbose_name_plural = _("access events")
        ordering = ["-at", "-pk"]
        indexes = [
            BrinIndex(fields=["at"], name="access_event_at_brin"),
            GinIndex(fields=["residents"], name="access_event_residents"),
        ]
        # The append-only trigger is plain SQL in audit's migration 0002, deliberately
        # not a pgtrigger one: those can be switched off per session with
        # pgtrigger.ignore, this one only by a role that owns the table.

    def __str__(self):
        return f"{self.user_id} {self.get_what_display()} {self.at:%Y-%m-%d %H:%M}"
