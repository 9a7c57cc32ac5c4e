from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


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
