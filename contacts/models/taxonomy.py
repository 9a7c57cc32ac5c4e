from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from buurtwerk.models import Timestamped


class CategoryGift(models.TextChoices):
    """The gifts a category is one of (``Category.Gift``).
    At module level, so that the model's ``Meta`` constraints can use it."""

    HEAD = "head", _("head")
    HANDS = "hands", _("hands")
    HEART = "heart", _("heart")


class Category(models.Model):
    """A kind of everyday neighbour help or interest, grouped as a gift of
    the head, the hands or the heart (ABCD). Shipped in a data migration and
    kept by the admin; the Dutch keywords and synonyms propose a category
    from what a resident says."""

    Gift = CategoryGift

    slug = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Dutch)"), max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=80)
    gift = models.CharField(_("gift of"), max_length=5, choices=Gift)
    keywords = ArrayField(
        models.CharField(max_length=40),
        verbose_name=_("Dutch keywords and synonyms"),
        default=list,
        blank=True,
        help_text=_("Comma-separated words residents use for this, e.g. tuin, gras, maaien."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        db_table = "matches_category"  # moved from matches; the table kept its name
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(gift__in=CategoryGift.values), name="category_gift_valid"
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        """The name in the active language."""
        return self.name_en if (get_language() or "nl").startswith("en") else self.name


class ThesaurusKind(models.TextChoices):
    """What a thesaurus entry says (``ThesaurusEntry.Kind``)."""

    SYNONYM = "synonym", _("everyday synonym")
    JOB = "job", _("job or trade")
    PROBLEM = "problem", _("problem and the help it asks for")


class ThesaurusQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class ThesaurusEntry(Timestamped):
    """Words residents use and what they also mean, for the suggestions and
    the category proposal (``contacts.language``): a synonym or a job word
    (``hovenier`` → ``tuin tuinieren``), or a problem and the help it asks
    for (``trap boodschappen`` → ``boodschappen doen``). The entry applies
    to a text that has all of its ``words``, in any form. Kept by the admin;
    the talents and needs already written down take a change into account
    after ``manage.py analyse_heard``."""

    Kind = ThesaurusKind

    words = models.CharField(
        _("words"),
        max_length=120,
        help_text=_(
            "The word or words residents say, e.g. hovenier, or for a problem: trap "
            "boodschappen. All must occur, in any form (trap, trappen)."
        ),
    )
    means = models.CharField(
        _("also means"),
        max_length=300,
        help_text=_("The everyday words it also means, separated by spaces, e.g. tuin tuinieren."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.SYNONYM)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = ThesaurusQuerySet.as_manager()

    class Meta:
        verbose_name = _("thesaurus entry")
        verbose_name_plural = _("thesaurus")
        ordering = ["kind", "words"]
        constraints = [
            models.UniqueConstraint(fields=["words", "kind"], name="thesaurus_entry_unique"),
            models.CheckConstraint(
                condition=models.Q(kind__in=ThesaurusKind.values), name="thesaurus_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(words__regex=r"\w") & models.Q(means__regex=r"\w"),
                name="thesaurus_entry_has_words",
            ),
        ]

    def __str__(self):
        return f"{self.words} → {self.means}"
