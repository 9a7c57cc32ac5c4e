"""Activities (issue 16, point 4): an initiative's meetings and one-off
neighbourhood activities, who was there (named residents with consent, a
headcount of the others), linked to the report they came of; the
initiative's stage and its history. Services with their refusals, erasure
and consent withdrawal, retention, and the pages (three people: the
worker, a worker of another team, an anonymous visitor)."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from buurtwerk.versioning import EditConflict
from contacts.models import (
    Activity,
    ActivityAttendance,
    ActivityOrganiser,
    Consent,
    Initiative,
    InitiativeMember,
    InitiativeStageEvent,
    Report,
)
from contacts.services.activities import (
    activity_attendance_add,
    activity_attendance_remove,
    activity_create,
    activity_headcount_set,
    activity_organiser_add,
    activity_organiser_remove,
)
from contacts.services.initiatives import initiative_set_stage, stages_after
from contacts.services.reports import report_close, report_link
from contacts.services.residents import consent_set
from privacy.redaction import REDACTED
from privacy.services import resident_anonymise
from privacy.services.retention import residents_due
from tests.contacts.factories import (
    ActivityFactory,
    ConversationFactory,
    InitiativeFactory,
    ReportFactory,
    ResidentFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]

ZONE = zoneinfo.ZoneInfo("Europe/Amsterdam")
TODAY = datetime.date(2026, 6, 10)
TOMORROW = TODAY + datetime.timedelta(days=1)
Stage = Initiative.Stage


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(datetime.datetime(2026, 6, 10, 14, 0, tzinfo=ZONE), tick=False):
        yield


@pytest.fixture
def clean_up(neighbourhood):
    return ActivityFactory(neighbourhood=neighbourhood, title="Schoonmaakmiddag", held_on=TODAY)


@pytest.fixture
def women_group(neighbourhood):
    return InitiativeFactory(name="Vrouwengroep", neighbourhoods=[neighbourhood])


def url(name, *args):
    return reverse(f"contacts:{name}", args=args)


# activity_create


def test_a_meeting_of_an_initiative_is_created(neighbourhood, worker, women_group, resident):
    meeting = activity_create(
        kind=Activity.Kind.MEETING,
        title=" Vrouwengroep ",
        held_on=TODAY,
        neighbourhood=neighbourhood,
        initiative=women_group,
        organisers=[resident],
        created_by=worker,
    )
    assert (meeting.title, meeting.initiative, meeting.headcount) == (
        "Vrouwengroep",
        women_group,
        0,
    )
    assert [row.resident for row in meeting.organisers.all()] == [resident]


def test_a_meeting_needs_its_initiative_and_the_initiative_this_neighbourhood(
    neighbourhood, other_neighbourhood, worker, women_group
):
    with pytest.raises(ValidationError) as error:
        activity_create(
            kind=Activity.Kind.MEETING,
            title="Bijeenkomst",
            held_on=TODAY,
            neighbourhood=neighbourhood,
            created_by=worker,
        )
    assert "initiative" in error.value.message_dict
    elsewhere = InitiativeFactory(neighbourhoods=[other_neighbourhood])
    with pytest.raises(ValidationError) as error:
        activity_create(
            kind=Activity.Kind.ACTIVITY,
            title="Buurtfeest",
            held_on=TODAY,
            neighbourhood=neighbourhood,
            initiative=elsewhere,
            created_by=worker,
        )
    assert "initiative" in error.value.message_dict
    assert not Activity.objects.exists()


def test_an_activity_is_refused_in_another_teams_neighbourhood(other_neighbourhood, worker):
    with pytest.raises(ValidationError) as error:
        activity_create(
            kind=Activity.Kind.ACTIVITY,
            title="Buurtfeest",
            held_on=TODAY,
            neighbourhood=other_neighbourhood,
            created_by=worker,
        )
    assert "neighbourhood" in error.value.message_dict


def test_an_organiser_needs_consent_to_store_data(neighbourhood, worker, address):
    refused = ResidentFactory(address=address, may_store=False, may_match=False, languages=[])
    with pytest.raises(ValidationError) as error:
        activity_create(
            kind=Activity.Kind.ACTIVITY,
            title="Buurtfeest",
            held_on=TODAY,
            neighbourhood=neighbourhood,
            organisers=[refused],
            created_by=worker,
        )
    assert "organisers" in error.value.message_dict
    assert not Activity.objects.exists()


def test_an_organiser_from_another_teams_neighbourhood_is_refused(
    neighbourhood, worker, other_resident
):
    with pytest.raises(ValidationError) as error:
        activity_create(
            kind=Activity.Kind.ACTIVITY,
            title="Buurtfeest",
            held_on=TODAY,
            neighbourhood=neighbourhood,
            organisers=[other_resident],
            created_by=worker,
        )
    assert "organisers" in error.value.message_dict


def test_an_activity_for_a_report_links_it_and_puts_it_in_progress(neighbourhood, worker, address):
    report = ReportFactory(address=address, created_by=worker)
    activity = activity_create(
        kind=Activity.Kind.ACTIVITY,
        title="Schoonmaakmiddag",
        held_on=TOMORROW,
        neighbourhood=neighbourhood,
        report=report,
        created_by=worker,
    )
    report.refresh_from_db()
    assert report.status == Report.Status.IN_PROGRESS
    assert list(report.activities.all()) == [activity]


def test_a_closed_report_or_one_of_another_neighbourhood_is_refused(
    neighbourhood, worker, address, other_address
):
    closed = ReportFactory(address=address, created_by=worker)
    report_close(report=closed, by=worker, outcome="Opgelost.")
    elsewhere = ReportFactory(address=other_address)
    for report in (closed, elsewhere):
        with pytest.raises(ValidationError) as error:
            activity_create(
                kind=Activity.Kind.ACTIVITY,
                title="Schoonmaakmiddag",
                held_on=TODAY,
                neighbourhood=neighbourhood,
                report=report,
                created_by=worker,
            )
        assert "report" in error.value.message_dict
    assert not Activity.objects.exists()


def test_report_link_takes_an_activity_of_its_neighbourhood_only(
    address, worker, clean_up, other_neighbourhood
):
    report = ReportFactory(address=address, created_by=worker)
    with pytest.raises(ValidationError) as error:
        report_link(
            report=report, by=worker, activity=ActivityFactory(neighbourhood=other_neighbourhood)
        )
    assert "activity" in error.value.message_dict
    report_link(report=report, by=worker, activity=clean_up)
    assert list(report.activities.all()) == [clean_up]


# attendance


def test_a_resident_who_was_there_is_recorded_once(clean_up, resident, worker):
    activity_attendance_add(activity=clean_up, resident=resident, by=worker)
    with pytest.raises(ValidationError, match="already recorded"):
        activity_attendance_add(activity=clean_up, resident=resident, by=worker)
    assert ActivityAttendance.objects.filter(activity=clean_up).count() == 1


def test_attendance_waits_until_the_activity_has_taken_place(neighbourhood, resident, worker):
    planned = ActivityFactory(neighbourhood=neighbourhood, held_on=TOMORROW)
    with pytest.raises(ValidationError, match="once the activity has taken place"):
        activity_attendance_add(activity=planned, resident=resident, by=worker)
    with pytest.raises(ValidationError, match="once the activity has taken place"):
        activity_headcount_set(activity=planned, headcount=4, by=worker)
    assert not ActivityAttendance.objects.exists()


def test_attendance_needs_consent_to_store_data(clean_up, address, worker):
    refused = ResidentFactory(
        address=address, name="Kees Nee", may_store=False, may_match=False, languages=[]
    )
    with pytest.raises(ValidationError, match="Kees Nee"):
        activity_attendance_add(activity=clean_up, resident=refused, by=worker)
    assert not ActivityAttendance.objects.exists()


def test_attendance_is_refused_across_teams(
    clean_up, resident, other_resident, other_worker, worker
):
    with pytest.raises(ValidationError):
        activity_attendance_add(activity=clean_up, resident=resident, by=other_worker)
    with pytest.raises(ValidationError):
        activity_attendance_add(activity=clean_up, resident=other_resident, by=worker)
    assert not ActivityAttendance.objects.exists()


def test_taking_someone_off_who_was_not_there_is_refused(clean_up, resident, worker):
    with pytest.raises(ValidationError, match="not recorded"):
        activity_attendance_remove(activity=clean_up, resident=resident, by=worker)
    activity_attendance_add(activity=clean_up, resident=resident, by=worker)
    activity_attendance_remove(activity=clean_up, resident=resident, by=worker)
    assert not ActivityAttendance.objects.exists()


def test_organisers_are_added_once_and_taken_off(clean_up, resident, worker, other_worker):
    activity_organiser_add(activity=clean_up, resident=resident, by=worker)
    with pytest.raises(ValidationError, match="already organises"):
        activity_organiser_add(activity=clean_up, resident=resident, by=worker)
    with pytest.raises(ValidationError):
        activity_organiser_remove(activity=clean_up, resident=resident, by=other_worker)
    activity_organiser_remove(activity=clean_up, resident=resident, by=worker)
    with pytest.raises(ValidationError, match="does not organise"):
        activity_organiser_remove(activity=clean_up, resident=resident, by=worker)


def test_the_headcount_is_set_and_guarded_against_a_second_saver(clean_up, worker, colleague):
    activity_headcount_set(activity=clean_up, headcount=12, by=worker, expected_version=1)
    with pytest.raises(EditConflict) as conflict:
        activity_headcount_set(activity=clean_up, headcount=9, by=colleague, expected_version=1)
    assert conflict.value.current.headcount == 12
    with pytest.raises(ValidationError) as error:
        activity_headcount_set(activity=clean_up, headcount=-1, by=worker)
    assert "headcount" in error.value.message_dict
    clean_up.refresh_from_db()
    assert clean_up.headcount == 12


def test_withdrawn_consent_makes_the_attendance_anonymous(clean_up, resident, worker):
    activity_attendance_add(activity=clean_up, resident=resident, by=worker)
    activity_organiser_add(activity=clean_up, resident=resident, by=worker)
    consent_set(resident=resident, purpose=Consent.STORE, given=False, recorded_by=worker)
    clean_up.refresh_from_db()
    assert not ActivityAttendance.objects.exists()
    assert not clean_up.organisers.exists()
    assert clean_up.headcount == 1


def test_erasure_leaves_no_name_and_keeps_the_count(neighbourhood, resident, worker, lead):
    activity = ActivityFactory(
        neighbourhood=neighbourhood,
        title="Koffie bij Anna",
        place="Bij de Vries thuis",
        description="Anna de Vries bakte taart.",
        headcount=3,
    )
    activity_attendance_add(activity=activity, resident=resident, by=worker)
    activity_organiser_add(activity=activity, resident=resident, by=worker)
    resident_anonymise(resident=resident, by=lead)
    activity.refresh_from_db()
    assert activity.headcount == 4
    assert not ActivityAttendance.objects.exists()
    assert not activity.organisers.exists()
    for text in (activity.title, activity.place, activity.description):
        assert "Anna" not in text and "Vries" not in text
        assert REDACTED in text


def test_retention_keeps_a_resident_who_was_at_an_activity_since_the_cutoff(
    clean_up, resident, worker
):
    cutoff = datetime.datetime(2026, 6, 1, tzinfo=ZONE)
    resident.__class__.objects.filter(pk=resident.pk).update(
        created_at=datetime.datetime(2020, 1, 1, tzinfo=ZONE), last_seen_at=None
    )
    assert resident in residents_due(cutoff=cutoff)
    activity_attendance_add(activity=clean_up, resident=resident, by=worker)
    assert resident not in residents_due(cutoff=cutoff)


# The initiative's stage


def test_the_stage_moves_along_the_allowed_steps_with_its_history(women_group, worker):
    assert women_group.stage == Stage.RUNNING
    initiative_set_stage(initiative=women_group, stage=Stage.INDEPENDENT, by=worker)
    stopped = initiative_set_stage(initiative=women_group, stage=Stage.STOPPED, by=worker)
    assert (stopped.stage, stopped.is_active) == (Stage.STOPPED, False)
    again = initiative_set_stage(initiative=women_group, stage=Stage.STARTING, by=worker)
    assert again.is_active
    history = list(
        InitiativeStageEvent.objects.filter(pgh_obj_id=women_group.pk)
        .order_by("pgh_id")
        .values_list("pgh_label", "stage")
    )
    assert history == [
        ("created", Stage.RUNNING),
        ("stage_changed", Stage.INDEPENDENT),
        ("stage_changed", Stage.STOPPED),
        ("stage_changed", Stage.STARTING),
    ]


def test_a_step_that_is_not_allowed_is_refused(women_group, worker, other_worker):
    for stage in (Stage.RUNNING, Stage.IDEA, "weg"):
        with pytest.raises(ValidationError) as error:
            initiative_set_stage(initiative=women_group, stage=stage, by=worker)
        assert "stage" in error.value.message_dict
    with pytest.raises(ValidationError):
        initiative_set_stage(initiative=women_group, stage=Stage.STOPPED, by=other_worker)
    women_group.refresh_from_db()
    assert women_group.stage == Stage.RUNNING
    assert InitiativeStageEvent.objects.filter(pgh_obj_id=women_group.pk).count() == 1


def test_unticking_active_in_the_edit_form_stops_it_and_ticking_starts_it_again(
    women_group, worker, neighbourhood
):
    from contacts.services.initiatives import initiative_update

    def save(is_active):
        return initiative_update(
            initiative=women_group,
            updated_by=worker,
            name=women_group.name,
            neighbourhoods=[neighbourhood],
            is_active=is_active,
        )

    assert save(False).stage == Stage.STOPPED
    assert save(True).stage == Stage.STARTING
    assert save(True).stage == Stage.STARTING  # unchanged: no step


def test_every_stage_can_be_left_and_stopped_leads_only_to_a_new_start():
    for stage in Stage:
        assert stages_after(stage)
        assert stage not in stages_after(stage)
    assert stages_after(Stage.STOPPED) == (Stage.STARTING,)


# The pages


pytestmark_pages = pytest.mark.usefixtures("english_pages")


@pytestmark_pages
def test_the_pages_require_login(client, clean_up, women_group):
    for target in (
        url("activity_list"),
        url("activity_create"),
        url("activity_detail", clean_up.pk),
    ):
        response = client.get(target)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    for target in (
        url("activity_attendee_add", clean_up.pk),
        url("activity_headcount", clean_up.pk),
        url("initiative_stage", women_group.pk),
    ):
        response = client.post(target)
        assert response["Location"].startswith(reverse("account_login"))


@pytestmark_pages
def test_a_worker_of_another_team_gets_404(client, clean_up, women_group, resident, other_worker):
    client.force_login(other_worker)
    assert client.get(url("activity_detail", clean_up.pk)).status_code == 404
    for target, data in (
        (url("activity_attendee_add", clean_up.pk), {"q": "Anna"}),
        (url("activity_headcount", clean_up.pk), {"headcount": 3, "version": 1}),
        (url("activity_attendee_remove", clean_up.pk, resident.pk), {"role": "attendee"}),
        (url("initiative_stage", women_group.pk), {"stage": "stopped"}),
    ):
        assert client.post(target, data).status_code == 404
    assert str(clean_up.pk) not in client.get(url("activity_list")).content.decode()
    clean_up.refresh_from_db()
    assert clean_up.headcount == 0


@pytestmark_pages
def test_changes_reject_get(worker_client, clean_up, women_group, resident):
    for target in (
        url("activity_attendee_add", clean_up.pk),
        url("activity_headcount", clean_up.pk),
        url("activity_attendee_remove", clean_up.pk, resident.pk),
        url("initiative_stage", women_group.pk),
    ):
        assert worker_client.get(target).status_code == 405


def create_data(client, neighbourhood, **overrides):
    form = client.get(url("activity_create")).context["form"]
    return {
        "kind": Activity.Kind.ACTIVITY,
        "title": "Schoonmaakmiddag",
        "held_on": TODAY.isoformat(),
        "starts_at": "14:00",
        "place": "Trappenhuis",
        "neighbourhood": neighbourhood.pk,
        "initiative": "",
        "report": "",
        "description": "",
        "submission_token": form["submission_token"].initial,
        **overrides,
    }


@pytestmark_pages
def test_the_create_form_saves_once_however_often_it_is_sent(worker_client, neighbourhood):
    data = create_data(worker_client, neighbourhood)
    first = worker_client.post(url("activity_create"), data)
    second = worker_client.post(url("activity_create"), data)
    activity = Activity.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == url("activity_detail", activity.pk)


@pytestmark_pages
def test_a_refused_create_says_why_beside_the_field_and_keeps_the_input(
    worker_client, neighbourhood
):
    data = create_data(worker_client, neighbourhood, kind=Activity.Kind.MEETING, title="Overleg")
    response = worker_client.post(url("activity_create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["initiative"]
    assert form["title"].value() == "Overleg"
    assert not Activity.objects.exists()


@pytestmark_pages
def test_the_create_form_from_a_report_or_an_initiative_is_filled_in(
    worker_client, address, worker, women_group
):
    report = ReportFactory(address=address, created_by=worker)
    form = worker_client.get(url("activity_create"), {"report": report.pk}).context["form"]
    assert form["report"].initial == report.pk
    form = worker_client.get(url("activity_create"), {"initiative": women_group.pk}).context[
        "form"
    ]
    assert (form["initiative"].initial, form["kind"].initial) == (
        women_group.pk,
        Activity.Kind.MEETING,
    )
    # A hint that does not fit is ignored, not an error.
    assert worker_client.get(url("activity_create"), {"report": "nee"}).status_code == 200


@pytestmark_pages
def test_the_list_takes_the_same_number_of_queries_for_more_activities(
    worker_client, neighbourhood, resident, django_assert_num_queries
):
    def add(count):
        for _ in range(count):
            activity = ActivityFactory(neighbourhood=neighbourhood, headcount=2)
            ActivityAttendance.objects.create(activity=activity, resident=resident)

    add(1)
    # savepoint (ATOMIC_REQUESTS), session, user, count for the paginator,
    # the page of activities with neighbourhood, initiative and the named
    # count, release savepoint
    with django_assert_num_queries(6):
        worker_client.get(url("activity_list"))
    add(5)
    with django_assert_num_queries(6):
        response = worker_client.get(url("activity_list"))
    assert len(response.context["page"].object_list) == 6
    assert "3 there" in response.content.decode()


@pytestmark_pages
def test_the_page_takes_the_same_number_of_queries_for_more_people(
    worker_client,
    clean_up,
    neighbourhood,
    other_address,
    address,
    worker,
    django_assert_num_queries,
):
    report = ReportFactory(address=address, created_by=worker)
    report_link(report=report, by=worker, activity=clean_up)

    def add(count):
        for _ in range(count):
            here = ResidentFactory(address__street__neighbourhood=neighbourhood)
            ActivityAttendance.objects.create(activity=clean_up, resident=here)
            ActivityAttendance.objects.create(
                activity=clean_up, resident=ResidentFactory(address=other_address)
            )
            ActivityOrganiser.objects.create(
                activity=clean_up,
                resident=ResidentFactory(address__street__neighbourhood=neighbourhood),
            )
            ConversationFactory(
                neighbourhood=neighbourhood,
                residents=[ResidentFactory(address__street__neighbourhood=neighbourhood)],
            ).reports.add(report)

    add(1)
    # savepoint, session, user, the activity with its counts, the visible
    # attendances with residents, the visible organisers, the reports, the
    # suggested residents, the access-log row, release savepoint
    with django_assert_num_queries(10):
        worker_client.get(url("activity_detail", clean_up.pk))
    add(4)
    with django_assert_num_queries(10):
        response = worker_client.get(url("activity_detail", clean_up.pk))
    page = response.context["page"]
    assert (len(page.attendances), page.hidden_count, len(page.organisers)) == (5, 5, 5)
    # The organisers and the conversations' residents are suggested.
    assert len(page.suggestions) == 10


@pytestmark_pages
def test_someone_is_recorded_from_the_suggestions_once_however_often_sent(
    worker_client, clean_up, resident, worker, address
):
    report = ReportFactory(address=address, created_by=worker)
    report_link(report=report, by=worker, activity=clean_up)
    ConversationFactory(neighbourhood=clean_up.neighbourhood, residents=[resident]).reports.add(
        report
    )
    page = worker_client.get(url("activity_detail", clean_up.pk))
    assert "Anna de Vries" in page.content.decode()
    (_resident, add_form, _error, _refusal) = page.context["suggestions"][0]
    data = {
        "resident": resident.pk,
        "role": "attendee",
        "q": "",
        "submission_token": add_form["submission_token"].initial,
    }
    for _ in range(2):
        response = worker_client.post(url("activity_attendee_add", clean_up.pk), data)
        assert response.status_code == 302
    assert ActivityAttendance.objects.filter(activity=clean_up, resident=resident).count() == 1


@pytestmark_pages
def test_the_search_finds_and_a_refusal_shows_beside_the_resident(
    worker_client, clean_up, address
):
    refused = ResidentFactory(
        address=address, name="Kees Nee", may_store=False, may_match=False, languages=[]
    )
    response = worker_client.post(url("activity_attendee_add", clean_up.pk), {"q": "Kees"})
    assert response.status_code == 200
    results = response.context["results"]
    assert [(row[0], bool(row[3])) for row in results] == [(refused, True)]
    # Sent anyway (a stale page): refused by the service, shown beside them.
    response = worker_client.post(
        url("activity_attendee_add", clean_up.pk),
        {
            "resident": refused.pk,
            "role": "attendee",
            "q": "Kees",
            "submission_token": "8f8e1c1e-0000-4000-8000-000000000001",
        },
    )
    assert response.status_code == 200
    assert "Kees Nee" in response.context["results"][0][2]
    assert not ActivityAttendance.objects.exists()


@pytestmark_pages
def test_the_headcount_form_saves_and_says_what_is_wrong_beside_the_field(worker_client, clean_up):
    response = worker_client.post(
        url("activity_headcount", clean_up.pk), {"headcount": "-2", "version": 1}
    )
    assert response.status_code == 200
    assert response.context["headcount_form"].errors["headcount"]
    response = worker_client.post(
        url("activity_headcount", clean_up.pk), {"headcount": "7", "version": 1}
    )
    assert response.status_code == 302
    clean_up.refresh_from_db()
    assert clean_up.headcount == 7


@pytestmark_pages
def test_the_initiative_page_shows_its_meetings_and_changes_its_stage(
    worker_client, women_group, neighbourhood
):
    ActivityFactory(
        neighbourhood=neighbourhood,
        kind=Activity.Kind.MEETING,
        initiative=women_group,
        title="Vrouwengroep dinsdag",
        headcount=9,
    )
    page = url("initiative_detail", women_group.pk)
    content = worker_client.get(page).content.decode()
    assert "Vrouwengroep dinsdag" in content
    assert "9 there" in content
    response = worker_client.post(
        url("initiative_stage", women_group.pk), {"stage": "independent"}
    )
    assert response.status_code == 302
    women_group.refresh_from_db()
    assert women_group.stage == Stage.INDEPENDENT
    # A step that is not allowed: a message, nothing changed.
    worker_client.post(url("initiative_stage", women_group.pk), {"stage": "idea"})
    women_group.refresh_from_db()
    assert women_group.stage == Stage.INDEPENDENT
    assert "carries on without the worker" in worker_client.get(page).content.decode()


@pytestmark_pages
def test_the_report_page_shows_its_activities(worker_client, address, worker, clean_up, resident):
    report = ReportFactory(address=address, created_by=worker)
    report_link(report=report, by=worker, activity=clean_up)
    ActivityAttendance.objects.create(activity=clean_up, resident=resident)
    content = worker_client.get(url("report_detail", report.pk)).content.decode()
    assert url("activity_detail", clean_up.pk) in content
    assert "1 there" in content
    assert f"{url('activity_create')}?report={report.pk}" in content


def test_a_member_is_suggested_for_a_meeting(worker, women_group, resident, neighbourhood):
    from contacts.selectors.activities import suggested_residents

    InitiativeMember.objects.create(initiative=women_group, resident=resident)
    meeting = ActivityFactory(
        neighbourhood=neighbourhood, kind=Activity.Kind.MEETING, initiative=women_group
    )
    assert list(suggested_residents(user=worker, activity=meeting)) == [resident]
