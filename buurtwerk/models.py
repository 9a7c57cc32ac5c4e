from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Timestamped(models.Model):
    """When a record was created and when it last changed (every model whose
    history matters has both). Abstract: its fields go into each model's own
    table, so using it changes no column."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class CreatedByUser(Timestamped):
    """``Timestamped``, and who entered the record: may be empty (imported or
    seeded rows, a deleted user). Models that require a creator
    (conversations, follow-ups, rounds) declare their own ``created_by``."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        abstract = True


class FormSubmission(models.Model):
    """A form's one-time token, claimed when the form is saved, so a submit
    tapped twice or re-sent after a dropped connection stores one record.
    See ``buurtwerk.idempotency``."""

    token = models.UUIDField(primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    result_url = models.CharField(_("result"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self):
        return str(self.token)


class EqualsAny(models.Func):
    """``expression = ANY(array)``, a condition to filter on: with
    ``ArraySubquery`` the ids a subquery yields, computed once (an InitPlan)
    and looked up in an index, where ``__in`` with a subquery may let the
    planner hash-join a whole table against it."""

    output_field = models.BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        expression, array = self.get_source_expressions()
        lhs, lhs_params = compiler.compile(expression)
        rhs, rhs_params = compiler.compile(array)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)
