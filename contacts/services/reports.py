import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from contacts.models import FollowUp, Report
from contacts.services.followups import followup_create

#: Working days a worker has to respond to an incoming report.
RESPONSE_WORKING_DAYS = 3


def add_working_days(day, count):
    """``count`` working days (Monday to Friday) after ``day``. Public
    holidays are not known here and count as working days."""
    while count > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


@transaction.atomic
def report_create(
    *,
    source,
    received_on,
    description,
    created_by,
    reporter="",
    address=None,
    resident=None,
    assigned_to=None,
    organisation=None,
    extent=Report.Extent.ADDRESS,
    house_number_to=None,
):
    """An incoming report about ``address`` and/or ``resident``, and a
    follow-up "Respond to report: ..." due in three working days from today,
    for ``assigned_to`` (default the creator). Both or neither are saved.
    The report's neighbourhood is the address's, else the resident's.
    ``organisation``: the referrer's, for a referral from outside (a GP's
    Welzijn op Recept, the housing corporation, the district team).
    ``extent``: the address alone, a run of house numbers from it up to
    ``house_number_to`` (a stairwell, a complex), or its whole street."""
    if address is not None:
        neighbourhood = address.street.neighbourhood
    elif resident is not None:
        neighbourhood = resident.neighbourhood
    else:
        raise ValidationError({"address": _("Give the address the report is about.")})
    if resident is not None and resident.neighbourhood_id != neighbourhood.pk:
        raise ValidationError({"resident": _("This resident lives in another neighbourhood.")})
    if extent != Report.Extent.ADDRESS and address is None:
        raise ValidationError({"address": _("Give the address the street or run starts at.")})
    if extent == Report.Extent.RANGE:
        if house_number_to is None:
            raise ValidationError({"house_number_to": _("Give the last house number.")})
        if house_number_to <= address.house_number:
            raise ValidationError(
                {"house_number_to": _("The last house number comes after the first.")}
            )
    else:
        house_number_to = None
    report = Report(
        neighbourhood=neighbourhood,
        source=source,
        organisation=organisation,
        reporter=reporter.strip(),
        received_on=received_on,
        address=address,
        extent=extent,
        house_number_to=house_number_to,
        resident=resident,
        description=description.strip(),
        created_by=created_by,
    )
    report.full_clean()
    report.save()
    # The description is stored text: it is in the creator's language.
    prefix = gettext("Respond to report: ")
    room = FollowUp._meta.get_field("description").max_length - len(prefix)
    followup_create(
        description=prefix + Truncator(" ".join(report.description.split())).chars(room),
        due_on=add_working_days(timezone.localdate(), RESPONSE_WORKING_DAYS),
        assigned_to=assigned_to or created_by,
        created_by=created_by,
        report=report,
    )
    return report


def _locked_open_report(report, by):
    current = Report.objects.select_for_update().get(pk=report.pk)
    if not Report.objects.visible_to(by).filter(pk=current.pk).exists():
        raise ValidationError(gettext("You do not work in the neighbourhood of this report."))
    if current.status == Report.Status.CLOSED:
        raise ValidationError(gettext("This report is closed."))
    return current


@transaction.atomic
def report_link(*, report, by, conversation=None, initiative=None, activity=None):
    """Link a ``conversation``, ``initiative`` or ``activity`` that came of
    ``report`` (of its neighbourhood); a new report is then in progress.
    Refused (ValidationError) for a closed report, someone outside its
    neighbourhood, or something of another neighbourhood."""
    current = _locked_open_report(report, by)
    if conversation is None and initiative is None and activity is None:
        raise ValidationError(gettext("Choose a conversation, an initiative or an activity."))
    if conversation is not None:
        if conversation.neighbourhood_id != current.neighbourhood_id:
            raise ValidationError({"conversation": gettext("This is another neighbourhood.")})
        current.conversations.add(conversation)
    if initiative is not None:
        if not initiative.neighbourhoods.filter(pk=current.neighbourhood_id).exists():
            raise ValidationError({"initiative": gettext("This is another neighbourhood.")})
        current.initiatives.add(initiative)
    if activity is not None:
        if activity.neighbourhood_id != current.neighbourhood_id:
            raise ValidationError({"activity": gettext("This is another neighbourhood.")})
        current.activities.add(activity)
    if current.status == Report.Status.NEW:
        current.status = Report.Status.IN_PROGRESS
        current.save(update_fields=["status"])
    return current


@transaction.atomic
def report_close(*, report, by, outcome):
    """Close ``report`` with what was done (``outcome``, for the reporter).
    Refused for a closed report, someone outside its neighbourhood, or
    without an outcome."""
    current = _locked_open_report(report, by)
    outcome = (outcome or "").strip()
    if not outcome:
        raise ValidationError({"outcome": gettext("Say what was done.")})
    current.status = Report.Status.CLOSED
    current.outcome = outcome
    current.closed_at = timezone.now()
    current.closed_by = by
    current.full_clean()
    current.save(update_fields=["status", "outcome", "closed_at", "closed_by"])
    return current
