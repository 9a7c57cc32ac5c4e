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
):
    """An incoming report about ``address`` and/or ``resident``, and a
    follow-up "Respond to report: ..." due in three working days from today,
    for ``assigned_to`` (default the creator). Both or neither are saved.
    The report's neighbourhood is the address's, else the resident's.
    ``organisation``: the referrer's, for a referral from outside (a GP's
    Welzijn op Recept, the housing corporation, the district team)."""
    if address is not None:
        neighbourhood = address.street.neighbourhood
    elif resident is not None:
        neighbourhood = resident.neighbourhood
    else:
        raise ValidationError({"address": _("Give the address the report is about.")})
    if resident is not None and resident.neighbourhood_id != neighbourhood.pk:
        raise ValidationError({"resident": _("This resident lives in another neighbourhood.")})
    report = Report(
        neighbourhood=neighbourhood,
        source=source,
        organisation=organisation,
        reporter=reporter.strip(),
        received_on=received_on,
        address=address,
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
