"""Every page that shows a resident writes the access log: walked from the
URL configuration, so a new page is covered without anyone remembering.

A team lead (who may open every page: the review queue, history, export,
erasure) works in a neighbourhood full of data: a household, a round
today, a follow-up, a conversation, reports, a proposed match, an
initiative with a member. Every page that answers GET is rendered with a
real object (the builders of the access matrix, here in the lead's own
neighbourhood), and so are the pages that show residents in answer to a
POST (a name search travels in the body). Then, for each response:

- a resident whose name is in it must be in the one access-log row the
  request wrote;
- the row lists no resident whose name is not in it (a few pages say why
  they do: ``LOGGED_WITHOUT_NAME``);
- a response that names nobody writes no row.

``SHOWS_RESIDENTS`` lists the GET pages that must name someone with this
data (and every page in ``POST_PAGES`` must), so the walk cannot pass by
showing nothing.
"""

import io
import types

import openpyxl
import pytest
from django.contrib import admin
from django.db import models
from django.urls import reverse

from contacts.models import ActivityAttendance, FollowUp, InitiativeMember, Resident
from tests.access_rows import rows_written
from tests.buurtwerk.test_access_matrix import (
    OBJECT_BUILDERS,
    PROJECT_VIEWS,
    VIEWS,
    takes,
)
from tests.contacts.factories import (
    ActivityFactory,
    ConversationFactory,
    FollowUpFactory,
    InitiativeFactory,
    NeedFactory,
    ReportFactory,
    ResidentFactory,
    RoundFactory,
)
from tests.matches.factories import MatchFactory

GET_PAGES = [
    (name, pattern) for name, pattern in [*PROJECT_VIEWS, *VIEWS] if takes(pattern.callback, "get")
]

#: Pages that show residents in answer to a POST, with what is posted (every
#: resident the factories make is called "Bewoner<n> Proefnaam").
POST_PAGES = {
    "contacts:resident_search": {"q": "Proefnaam"},
    "contacts:conversation_resident_options": {"find": "Proefnaam"},
    "contacts:initiative_member_add": {"q": "Proefnaam"},
    "contacts:activity_attendee_add": {"q": "Proefnaam"},
}

#: Pages that must name at least one resident with the data of ``world``.
SHOWS_RESIDENTS = {
    # The lead's home ("home") is their overview, counts only; their own day:
    "reports:my_day",
    "contacts:resident_detail",
    "contacts:resident_edit",
    "contacts:signal_create",
    "contacts:round_detail",
    "contacts:conversation_detail",
    "contacts:conversation_for_resident",
    "contacts:conversation_from_knock",
    "contacts:conversation_at_door",
    "contacts:followup_list",
    "contacts:followup_for_resident",
    "contacts:report_list",
    "contacts:report_detail",
    "contacts:talent_create",
    "contacts:need_create",
    "contacts:talent_edit",
    "contacts:need_edit",
    "contacts:initiative_detail",
    "contacts:activity_detail",
    "matches:need_suggestions",
    "matches:talent_suggestions",
    "matches:match_propose",
    "matches:match_list",
    "matches:review_queue",
    "matches:match_detail",
    "audit:resident_history",
    "audit:resident_access_log",
    "privacy:resident_export",
    "privacy:resident_export_json",
    "privacy:resident_anonymise",
}

#: Pages that name no resident and still write one row, naming none: the
#: exports of a period report (aggregates only), so that every export is in
#: the access log.
EXPORTS_LOGGED = {"reports:report_csv", "reports:report_xlsx", "reports:report_print"}

#: Pages whose row may list a resident whose name is not on the page, and why.
LOGGED_WITHOUT_NAME = {
    "contacts:report_list": (
        "a report about an address and a resident shows the address, and its "
        "description tells about the resident"
    ),
}


def _query(name, world):
    """Extra GET parameters a page needs to show itself."""
    if name == "matches:match_propose":
        return {"resident": world.housemate.pk}  # without a helper it redirects
    return {}


@pytest.fixture
def world(neighbourhood, address, resident, lead, worker):
    """The lead's neighbourhood with something on every list page."""
    housemate = ResidentFactory(address=address)
    RoundFactory(neighbourhood=neighbourhood, worker=lead, addresses=[address])
    FollowUpFactory(neighbourhood=neighbourhood, assigned_to=lead, resident=resident)
    ConversationFactory(neighbourhood=neighbourhood, residents=[resident], workers=[lead])
    ReportFactory(address=address, resident=housemate)
    ReportFactory(address=None, resident=resident, neighbourhood=neighbourhood)
    MatchFactory(need=NeedFactory(resident=housemate), proposed_by=worker)
    initiative = InitiativeFactory(neighbourhoods=[neighbourhood])
    InitiativeMember.objects.create(
        initiative=initiative, resident=resident, role=InitiativeMember.Role.MEMBER
    )
    return types.SimpleNamespace(
        neighbourhood=neighbourhood,
        address=address,
        resident=resident,
        housemate=housemate,
        worker=lead,
    )


def _initiative_with_member(world):
    initiative = InitiativeFactory(neighbourhoods=[world.neighbourhood])
    InitiativeMember.objects.create(
        initiative=initiative, resident=world.resident, role=InitiativeMember.Role.MEMBER
    )
    return {"pk": initiative.pk}


def _activity_with_attendee(world):
    activity = ActivityFactory(neighbourhood=world.neighbourhood)
    ActivityAttendance.objects.create(activity=activity, resident=world.resident)
    return {"pk": activity.pk}


#: The access matrix's builders (a real object for each view that takes
#: one), with members for the initiative page and someone who was there
#: for the activity page.
BUILDERS = {
    **OBJECT_BUILDERS,
    "contacts:initiative_detail": _initiative_with_member,
    "contacts:activity_detail": _activity_with_attendee,
}


def url_of(name, pattern, world):
    if not pattern.pattern.converters:
        return reverse(name)
    return reverse(name, kwargs=BUILDERS[name](world))


def names_in(response):
    """The ids of the residents whose name is in the response (of a
    workbook: in its cells)."""
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        content = " ".join(
            str(cell)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    else:
        content = response.content.decode()
    return {pk for pk, name in Resident.objects.values_list("pk", "name") if name in content}


def check_logged(name, response, rows, *, must_show):
    shown = names_in(response)
    if must_show:
        assert response.status_code == 200, (name, response.status_code)
        assert shown, f"{name}: the data of the test shows no resident here any more"
    if not shown and name in EXPORTS_LOGGED and response.status_code == 200:
        assert [(row.what, row.residents) for row in rows] == [("export", [])], name
        return
    if not shown:
        assert rows == [], f"{name} shows no resident but wrote {rows}"
        return
    assert len(rows) == 1, f"{name} shows residents and wrote {len(rows)} access-log rows"
    (row,) = rows
    logged = set(row.residents)
    assert shown <= logged, (
        f"{name} shows residents it does not log: {shown - logged}. Call "
        "accesslog.services.log_access with the residents the page shows."
    )
    if name not in LOGGED_WITHOUT_NAME:
        assert logged <= shown, f"{name} logs residents it does not show: {logged - shown}"


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "pattern"), GET_PAGES, ids=[name for name, _p in GET_PAGES])
def test_a_page_that_names_a_resident_logs_them(client, world, name, pattern):
    client.force_login(world.worker)
    url = url_of(name, pattern, world)
    response, rows = rows_written(lambda: client.get(url, _query(name, world)))
    assert response.status_code < 500
    check_logged(name, response, rows, must_show=name in SHOWS_RESIDENTS)


POSTED = [(name, pattern) for name, pattern in VIEWS if name in POST_PAGES]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "pattern"), POSTED, ids=[name for name, _p in POSTED])
def test_a_page_that_names_residents_after_a_post_logs_them(client, world, name, pattern):
    client.force_login(world.worker)
    url = url_of(name, pattern, world)
    response, rows = rows_written(lambda: client.post(url, POST_PAGES[name]))
    check_logged(name, response, rows, must_show=True)


def test_the_tables_name_only_views_that_exist():
    names = {name for name, _pattern in [*PROJECT_VIEWS, *VIEWS]}
    assert (
        not (SHOWS_RESIDENTS | set(POST_PAGES) | set(LOGGED_WITHOUT_NAME) | EXPORTS_LOGGED) - names
    )
    assert not set(BUILDERS) - names
    assert len(POSTED) == len(POST_PAGES)


def _points_at_residents(model):
    return model is Resident or any(
        isinstance(field, models.ForeignKey | models.ManyToManyField | models.OneToOneField)
        and field.related_model is Resident
        for field in model._meta.get_fields()
        if not field.auto_created
    )


def test_the_admin_shows_no_resident():
    """The Django admin writes no access log: none of its pages may show a
    resident (a resident, or a row that points at one, such as a talent or
    a follow-up)."""
    registered = [model for model in admin.site._registry if _points_at_residents(model)]
    assert registered == [], (
        f"{registered} in the admin would show residents without an access-log row"
    )
    assert _points_at_residents(FollowUp)  # the rule sees a row that points at a resident
