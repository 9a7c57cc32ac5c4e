"""Writes for activities: an initiative's meetings and one-off
neighbourhood activities, and who was there.

Who was there is recorded twice over: named residents (``ActivityAttendance``,
each with consent to store data, as an initiative membership is) and a
headcount of everyone else. A named resident who may no longer be recorded
(consent withdrawn, erased) becomes part of the headcount
(``attendance_make_anonymous``), so an activity's attendance, and the
period reports that count it, stay what they were."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from buurtwerk.versioning import lock_at_version
from contacts.models import (
    Activity,
    ActivityAttendance,
    ActivityOrganiser,
    Consent,
    Report,
    Resident,
)
from contacts.services.reports import report_link
from neighbourhoods.models import Neighbourhood


def _refuse_unless_visible(activity, by):
    if not Activity.objects.visible_to(by).filter(pk=activity.pk).exists():
        raise ValidationError(gettext("You do not work in the neighbourhood of this activity."))


def _refuse_before_it_happened(activity, today):
    if activity.held_on > today:
        raise ValidationError(
            gettext("Who was there can be recorded once the activity has taken place.")
        )


def _organisers(*, organisers, by):
    """``organisers`` reread, each visible to ``by`` and with consent to
    store data; else a ValidationError on ``organisers``. One query."""
    chosen = {resident.pk for resident in organisers}
    found = list(Resident.objects.visible_to(by).filter(pk__in=chosen))
    if len(found) != len(chosen):
        raise ValidationError({"organisers": _("Choose only residents of your neighbourhoods.")})
    for resident in found:
        problem = resident.why_not(Consent.STORE)
        if problem:
            raise ValidationError({"organisers": problem})
    return found


@transaction.atomic
def activity_create(
    *,
    kind,
    title,
    held_on,
    neighbourhood,
    created_by,
    initiative=None,
    starts_at=None,
    place="",
    description="",
    organisers=(),
    report=None,
):
    """A meeting of ``initiative`` or a one-off activity in
    ``neighbourhood`` (one of ``created_by``'s), organised by
    ``organisers`` (residents with consent to store data). With ``report``
    (an open report of that neighbourhood) it is linked to the report, which
    is then in progress. Refused (ValidationError on the field): a
    neighbourhood ``created_by`` does not work in, a meeting without an
    initiative, an initiative not in the neighbourhood, an organiser
    without consent or from elsewhere, a closed report or one of another
    neighbourhood."""
    if not Neighbourhood.objects.visible_to(created_by).filter(pk=neighbourhood.pk).exists():
        raise ValidationError({"neighbourhood": _("Choose a neighbourhood you work in.")})
    if kind == Activity.Kind.MEETING and initiative is None:
        raise ValidationError({"initiative": _("A meeting is a meeting of an initiative.")})
    if (
        initiative is not None
        and not initiative.neighbourhoods.filter(pk=neighbourhood.pk).exists()
    ):
        raise ValidationError(
            {"initiative": _("This initiative does not work in this neighbourhood.")}
        )
    if report is not None:
        if report.neighbourhood_id != neighbourhood.pk:
            raise ValidationError({"report": _("This report is about another neighbourhood.")})
        if report.status == Report.Status.CLOSED:
            raise ValidationError({"report": _("This report is closed.")})
    found = _organisers(organisers=organisers, by=created_by)
    activity = Activity(
        kind=kind,
        title=title.strip(),
        held_on=held_on,
        starts_at=starts_at,
        place=place.strip(),
        description=description.strip(),
        neighbourhood=neighbourhood,
        initiative=initiative,
        created_by=created_by,
    )
    activity.full_clean()
    activity.save()
    ActivityOrganiser.objects.bulk_create(
        ActivityOrganiser(activity=activity, resident=resident) for resident in found
    )
    if report is not None:
        try:
            report_link(report=report, by=created_by, activity=activity)
        except ValidationError as error:
            # Closed in the meantime: beside the report's field.
            raise ValidationError({"report": error.messages}) from None
    return activity


@transaction.atomic
def activity_attendance_add(*, activity, resident, by, today=None):
    """``resident`` was at ``activity``. Refused: an activity still to come,
    someone outside its neighbourhood, a resident ``by`` may not see or
    without consent to store data (``Resident.why_not``), or who is
    already recorded as there."""
    today = today or timezone.localdate()
    _refuse_unless_visible(activity, by)
    _refuse_before_it_happened(activity, today)
    resident = _visible_resident_with_consent(resident, by)
    already = gettext("%(name)s is already recorded as there.") % {"name": resident.name}
    if ActivityAttendance.objects.filter(activity=activity, resident=resident).exists():
        raise ValidationError(already)
    attendance = ActivityAttendance(activity=activity, resident=resident, added_by=by)
    try:
        # Two workers ticking the same person at once: the constraint decides.
        with transaction.atomic():
            attendance.save()
    except IntegrityError:
        raise ValidationError(already) from None
    return attendance


@transaction.atomic
def activity_attendance_remove(*, activity, resident, by):
    """``resident`` was not at ``activity`` after all (a mistake). Refused
    for someone outside its neighbourhood, or a resident not recorded there."""
    _refuse_unless_visible(activity, by)
    deleted, _rows = ActivityAttendance.objects.filter(
        activity=activity, resident=resident
    ).delete()
    if not deleted:
        raise ValidationError(
            gettext("%(name)s is not recorded as there.") % {"name": resident.name}
        )


def _visible_resident_with_consent(resident, by):
    found = Resident.objects.visible_to(by).filter(pk=resident.pk).first()
    if found is None:
        raise ValidationError(gettext("This resident lives outside your neighbourhoods."))
    problem = found.why_not(Consent.STORE)
    if problem:
        raise ValidationError(problem)
    return found


@transaction.atomic
def activity_organiser_add(*, activity, resident, by):
    """``resident`` organises ``activity`` (before or after it happened).
    Refused: someone outside its neighbourhood, a resident ``by`` may not
    see or without consent to store data, or who already organises it."""
    _refuse_unless_visible(activity, by)
    resident = _visible_resident_with_consent(resident, by)
    already = gettext("%(name)s already organises it.") % {"name": resident.name}
    if ActivityOrganiser.objects.filter(activity=activity, resident=resident).exists():
        raise ValidationError(already)
    try:
        # Two workers adding the same person at once: the constraint decides.
        with transaction.atomic():
            organiser = ActivityOrganiser.objects.create(activity=activity, resident=resident)
    except IntegrityError:
        raise ValidationError(already) from None
    return organiser


@transaction.atomic
def activity_organiser_remove(*, activity, resident, by):
    """``resident`` does not organise ``activity`` after all. Refused for
    someone outside its neighbourhood, or a resident who does not organise it."""
    _refuse_unless_visible(activity, by)
    deleted, _rows = ActivityOrganiser.objects.filter(
        activity=activity, resident=resident
    ).delete()
    if not deleted:
        raise ValidationError(gettext("%(name)s does not organise it.") % {"name": resident.name})


@transaction.atomic
def activity_headcount_set(*, activity, headcount, by, expected_version=None, today=None):
    """How many others (not named) were at ``activity``. Refused: an
    activity still to come, someone outside its neighbourhood, a negative
    count; with ``expected_version`` (when the form was opened) EditConflict
    if someone else saved a count in between."""
    today = today or timezone.localdate()
    _refuse_unless_visible(activity, by)
    current = lock_at_version(activity, expected_version)
    _refuse_before_it_happened(current, today)
    if headcount is None or headcount < 0:
        raise ValidationError({"headcount": _("Give a number, 0 or more.")})
    current.headcount = headcount
    current.save(update_fields=["headcount", "version", "updated_at"])
    return current


def attendance_make_anonymous(*, resident):
    """``resident`` may no longer be named at activities (consent to store
    data withdrawn, or erased): every attendance of theirs becomes one more
    in that activity's headcount, and they are no longer an organiser. The
    caller holds the transaction (and the resident's row). Returns how many
    attendances became anonymous."""
    activity_ids = list(
        ActivityAttendance.objects.filter(resident=resident).values_list("activity_id", flat=True)
    )
    Activity.objects.filter(pk__in=activity_ids).update(
        headcount=F("headcount") + 1, version=F("version") + 1, updated_at=timezone.now()
    )
    ActivityAttendance.objects.filter(resident=resident).delete()
    ActivityOrganiser.objects.filter(resident=resident).delete()
    return len(activity_ids)
