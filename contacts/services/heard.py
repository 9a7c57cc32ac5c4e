"""Writes for talents and needs: what a worker heard someone can and likes
to do, or would like help with, in their own words.

A talent or need belongs to a resident or to an initiative. A resident's
is refused unless something may be recorded about them
(``Resident.may_be_recorded``: active, consent to storing data): the
resident passed in is taken as read in this request (the views read it
fresh), so no extra query checks it. An empty category
is proposed from the words (``contacts.categorise``), falling back to
"Overig"."""

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from contacts import language
from contacts.categorise import other_category, propose_category
from contacts.language import analyse_with_thesaurus
from contacts.models import Availability, Consent, Need, Talent


def refusal(*, resident, initiative=None):
    """Why nothing can be recorded for ``resident`` (or, given neither or
    both, for anyone), or None. No query."""
    if (resident is None) == (initiative is None):
        return _("A talent or need belongs to a resident or to an initiative.")
    if resident is None:
        return None
    return resident.why_not(Consent.STORE)


def _availability(values):
    """Known parts of the week, each once, in the week's order."""
    chosen = set(values)
    unknown = chosen - set(Availability.values)
    if unknown:
        raise ValidationError(
            {"availability": _("Unknown part of the week: %(value)s.") % {"value": min(unknown)}}
        )
    return [value for value in Availability.values if value in chosen]


def _category_for(text, category, terms):
    """``category``, or the one proposed from ``text`` and its ``terms``, or
    "Overig". One query when proposing, two when falling back."""
    if category is not None:
        return category
    category = propose_category(text, terms=terms) or other_category()
    if category is None:
        raise ValidationError({"category": _("Choose a category.")})
    return category


def _create(
    model,
    *,
    resident,
    initiative,
    text,
    category,
    availability,
    conversation,
    created_by,
):
    problem = refusal(resident=resident, initiative=initiative)
    if problem:
        raise ValidationError(problem)
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError({"text": _("Write down what was said.")})
    terms = analyse_with_thesaurus(text)
    item = model(
        resident=resident,
        initiative=initiative,
        text=text,
        terms=terms,
        category=_category_for(text, category, terms),
        availability=_availability(availability),
        conversation=conversation,
        created_by=created_by,
    )
    item.full_clean(exclude=["search_vector"])
    item.save()
    return item


@transaction.atomic
def talent_create(
    *,
    resident=None,
    initiative=None,
    text,
    category=None,
    availability=(),
    conversation=None,
    created_by,
):
    """Record what ``resident`` (or ``initiative``) can and likes to do.
    ``category`` None: proposed from ``text``. ``conversation``: where it
    was heard. ValidationError says why it is refused (no consent to store
    data, moved, anonymised) or names the field at fault. Returns the
    talent."""
    return _create(
        Talent,
        resident=resident,
        initiative=initiative,
        text=text,
        category=category,
        availability=availability,
        conversation=conversation,
        created_by=created_by,
    )


@transaction.atomic
def need_create(
    *,
    resident=None,
    initiative=None,
    text,
    category=None,
    availability=(),
    conversation=None,
    created_by,
):
    """Record what ``resident`` (or ``initiative``) would like help with;
    as ``talent_create``. Returns the need."""
    return _create(
        Need,
        resident=resident,
        initiative=initiative,
        text=text,
        category=category,
        availability=availability,
        conversation=conversation,
        created_by=created_by,
    )


@transaction.atomic
def heard_update(*, item, text, category, availability, status, by):
    """Change a talent or need (``item``): its words, category, parts of
    the week and status. The row is locked while it changes. A resident's is
    refused once they withdrew consent to storing data, moved or were
    anonymised. ``category`` None: proposed again from ``text``. ``by`` is
    the user making the change. Returns the item as saved."""
    model = type(item)
    locked = (
        model.objects.select_for_update(of=("self",)).select_related("resident").get(pk=item.pk)
    )
    if locked.resident_id is not None:
        problem = refusal(resident=locked.resident, initiative=None)
        if problem:
            raise ValidationError(problem)
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError({"text": _("Write down what was said.")})
    if status not in model.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    locked.text = text
    locked.terms = analyse_with_thesaurus(text)
    locked.category = _category_for(text, category, locked.terms)
    locked.availability = _availability(availability)
    locked.status = status
    locked.full_clean(exclude=["search_vector"])
    locked.save(
        update_fields=["text", "terms", "category", "availability", "status", "updated_at"]
    )
    return locked


#: How many talents or needs ``heard_analyse_all`` writes per statement.
ANALYSE_BATCH = 5000


def heard_analyse_all(*, progress=None):
    """Analyse every talent and need again (``contacts.language``: after a
    change of the thesaurus, or once for those written before the
    analysis existed) and store the terms that changed. ``progress`` is
    called with (model, rows done) after each batch. One statement reads a
    batch, one writes it; each text is analysed once however often it
    occurs. Returns how many changed."""
    thesaurus = language.thesaurus()
    analysed = {}
    changed = 0
    for model in (Talent, Need):
        table = connection.ops.quote_name(model._meta.db_table)
        last, done = 0, 0
        while True:
            rows = list(
                model.objects.filter(pk__gt=last)
                .order_by("pk")
                .values_list("pk", "text", "terms")[:ANALYSE_BATCH]
            )
            if not rows:
                break
            ids, terms = [], []
            for pk, text, old in rows:
                new = analysed.get(text)
                if new is None:
                    new = analysed[text] = language.analyse(text, thesaurus)
                if new != old:
                    ids.append(pk)
                    terms.append(new)
            if ids:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(
                        f"UPDATE {table} AS h SET terms = v.terms "  # noqa: S608 (a model's table)
                        "FROM unnest(%s::bigint[], %s::text[]) AS v(id, terms) WHERE h.id = v.id",
                        [ids, terms],
                    )
                changed += len(ids)
            last, done = rows[-1][0], done + len(rows)
            if progress:
                progress(model, done)
    return changed
