from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from buurtwerk.models import CreatedByUser
from contacts.models.initiatives import Initiative
from neighbourhoods.scoping import ScopedQuerySet, visible_neighbourhood_ids


class Availability(models.TextChoices):
    """Parts of the week someone is available."""

    WEEKDAY_MORNING = "weekday_morning", _("weekday mornings")
    WEEKDAY_AFTERNOON = "weekday_afternoon", _("weekday afternoons")
    WEEKDAY_EVENING = "weekday_evening", _("weekday evenings")
    WEEKEND_MORNING = "weekend_morning", _("weekend mornings")
    WEEKEND_AFTERNOON = "weekend_afternoon", _("weekend afternoons")
    WEEKEND_EVENING = "weekend_evening", _("weekend evenings")


class HeardQuerySet(ScopedQuerySet):
    def limited_to(self, user):
        """A resident's in their neighbourhood; an initiative's in any of its."""
        initiatives = Initiative.objects.filter(
            pk=OuterRef("initiative_id"), neighbourhoods__in=visible_neighbourhood_ids(user)
        )
        return self.filter(
            models.Q(resident__neighbourhood__in=visible_neighbourhood_ids(user))
            | Exists(initiatives)
        )

    def open(self):
        return self.filter(status=Heard.Status.OPEN)


class HeardStatus(models.TextChoices):
    """The states of a talent or need (``Heard.Status``, the same for both).
    At module level, so that the model's ``Meta`` constraints can use it."""

    OPEN = "open", _("open")
    MATCHED = "matched", _("matched")
    CLOSED = "closed", _("no longer relevant")


class Heard(CreatedByUser):
    """What a worker heard someone can and likes to do (a talent) or needs
    (a need), in their own words. It belongs to a resident or to an
    initiative, never both."""

    Status = HeardStatus

    resident = models.ForeignKey(
        "contacts.Resident",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="%(class)ss",
        verbose_name=_("resident"),
    )
    initiative = models.ForeignKey(
        "contacts.Initiative",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="%(class)ss",
        verbose_name=_("initiative"),
    )
    category = models.ForeignKey(
        "contacts.Category",
        on_delete=models.PROTECT,
        related_name="%(class)ss",
        verbose_name=_("category"),
    )
    text = models.CharField(_("in their own words"), max_length=300)
    availability = ArrayField(
        models.CharField(max_length=20, choices=Availability),
        verbose_name=_("available"),
        default=list,
        blank=True,
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    conversation = models.ForeignKey(
        "contacts.Conversation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="%(class)ss",
        verbose_name=_("heard in"),
    )
    # Of a resident's talent or need: the resident's neighbourhood, kept by
    # the database (triggers of contacts migration 0007: on every insert and
    # on a change of the resident, and when the resident moves), so that the
    # suggestions read the open ones of a district and category from one
    # index (``%(class)s_open_nbh_category``). Null for an initiative's: an
    # initiative can be active in several districts. Set by PostgreSQL, not
    # by Django: an instance shows it only once read back from the database.
    neighbourhood = models.ForeignKey(
        "neighbourhoods.Neighbourhood",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        db_index=False,  # the partial index below leads with it
        related_name="+",
        verbose_name=_("neighbourhood"),
    )
    # What the text also says (``contacts.language.analyse``: lemmas, the
    # parts of compounds, the thesaurus), written by the services; derived
    # from the text, so erased with it.
    # Empty in the database too, for rows written with COPY or raw SQL: they
    # match on their own words until ``manage.py analyse_heard`` runs.
    terms = models.TextField(_("also says"), blank=True, default="", db_default="", editable=False)
    # Dutch stemming of the text and its terms for the suggestions, kept by
    # PostgreSQL itself.
    search_vector = models.GeneratedField(
        expression=SearchVector("text", "terms", config="dutch"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = HeardQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resident__isnull=False, initiative__isnull=True)
                | models.Q(resident__isnull=True, initiative__isnull=False),
                name="%(class)s_of_resident_or_initiative",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=HeardStatus.values),
                name="%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(text__regex=r"\S"), name="%(class)s_has_text"
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="%(class)s_search"),
            models.Index(fields=["category", "status"], name="%(class)s_category_status"),
            # The suggestions' candidates: the open ones of residents of a
            # district (its neighbourhoods) and a category, or of a
            # neighbourhood, with what the score needs of them but the text.
            models.Index(
                fields=["neighbourhood", "category"],
                include=["id", "resident", "availability", "search_vector"],
                condition=models.Q(status=HeardStatus.OPEN),
                name="%(class)s_open_nbh_category",
            ),
            # The period report's talents and needs heard, from the index alone.
            models.Index(
                fields=["created_at"],
                include=["neighbourhood"],
                condition=models.Q(resident__isnull=False),
                name="%(class)s_heard_created",
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def owner(self):
        """The resident or initiative this belongs to."""
        return self.resident or self.initiative


class Talent(Heard):
    class Meta(Heard.Meta):
        db_table = "matches_talent"  # moved from matches; the table kept its name
        verbose_name = _("talent")
        verbose_name_plural = _("talents")


class Need(Heard):
    class Meta(Heard.Meta):
        db_table = "matches_need"  # moved from matches; the table kept its name
        verbose_name = _("need")
        verbose_name_plural = _("needs")

    @property
    def match_in_progress(self):
        """The match that takes this need now (proposed up to running), or
        None: of its ``matches`` (the ``matches`` app's, whose
        ``is_in_progress`` says which statuses those are). A query unless
        they were prefetched (the resident page does)."""
        return next((match for match in self.matches.all() if match.is_in_progress), None)
