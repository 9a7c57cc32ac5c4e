"""The export of everything about one resident (privacy.export and its two
views): what is in it, what is not, the JSON file, the access log and the
query count."""

import datetime
import json

import pytest
from django.conf import settings
from django.urls import reverse

from accesslog.models import AccessEvent
from accesslog.services import log_access
from contacts.models import ActivityAttendance, ActivityOrganiser, Resident
from privacy.export import resident_export
from privacy.redaction import REDACTED
from reports.stories import story_create
from tests.contacts.factories import (
    ActivityFactory,
    ConversationFactory,
    FollowUpFactory,
    InitiativeFactory,
    NeedFactory,
    ResidentFactory,
    SignalFactory,
    TalentFactory,
)
from tests.matches.factories import MatchFactory
from tests.privacy.conftest import EMAIL, FIRST, NAME, PHONE, STREET

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


def page_url(resident):
    return reverse("privacy:resident_export", args=[resident.pk])


def json_url(resident):
    return reverse("privacy:resident_export_json", args=[resident.pk])


@pytest.fixture
def lead_client(client, lead):
    client.force_login(lead)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_it_holds_the_resident_and_everything_about_them(everything, lead, rf):
    request = rf.get("/")
    request.user = lead
    log_access(request, AccessEvent.What.RESIDENT, residents=[everything.resident])

    export = resident_export(user=lead, pk=everything.resident.pk)

    resident = export["resident"]
    assert (resident["name"], resident["phone"], resident["email"]) == (
        NAME,
        "+31698765432",
        EMAIL,
    )
    assert resident["address"]["street"] == STREET
    assert resident["consents"] == {"store": True, "match": True, "share": True}
    # The full consent history, the withdrawal included.
    assert len(export["consents"]) == 4
    withdrawn = [c for c in export["consents"] if c["withdrawn_at"]]
    assert [(c["purpose"], c["withdrawn_by"]) for c in withdrawn] == [
        ("sharing with the district team", str(lead))
    ]
    assert [c["method"] for c in export["consents"]][-1] == "written"
    conversations = export["conversations"]
    assert [c["other_residents"] for c in conversations] == [0, 1]
    assert conversations[0]["notes"].startswith(NAME)
    assert conversations[0]["themes"] == ["Loneliness"]
    assert len(export["door_knocks"]) == 1
    # Her own, the report's, the two check-ins of her running match, the
    # one of the shared conversation (without the neighbour's name) and the
    # check of her signal's answer.
    assert len(export["follow_ups"]) == 6
    assert f"{REDACTED} vragen hoe het met {FIRST} gaat" in [
        f["description"] for f in export["follow_ups"]
    ]
    assert f"{NAME} terugbellen op {PHONE}" in [f["description"] for f in export["follow_ups"]]
    assert len(export["signals"]) == len(export["reports"]) == 1
    assert [t["text"] for t in export["talents"]] == [f"{FIRST} bakt graag taart"]
    assert [n["text"] for n in export["needs"]] == [f"De tuin van {FIRST} is te groot"]
    assert [m["initiative"] for m in export["initiatives"]] == ["Privacy Bakclub"]
    assert {m["role"] for m in export["matches"]} == {"had the need", "helped"}
    assert {m["other_side"] for m in export["matches"]} == {"another resident"}
    assert [(a["who"], a["what"]) for a in export["access_log"]] == [(str(lead), "resident page")]


def test_other_residents_are_never_named(everything, lead, lead_client):
    response = lead_client.get(json_url(everything.resident))
    text = response.content.decode()
    assert FIRST in text
    assert "Pieter" not in text
    assert "Proefmans" not in text
    data = json.loads(text)
    shared = data["conversations"][1]["notes"]
    assert shared.startswith(f"Met {FIRST} en {REDACTED} koffie gedronken.")
    as_seeker = next(m for m in data["matches"] if m["need"])
    assert as_seeker["why"] == f"{REDACTED} woont naast {FIRST} aan de {STREET}."
    # Her own view of the match she helped in, not the other side's.
    as_helper = next(m for m in data["matches"] if m["talent"])
    assert as_helper["own_view"] == f"{FIRST} vond het leuk, bel {PHONE}."
    assert "Heel gezellig" not in text


def test_an_initiative_on_the_other_side_is_named(resident, lead, neighbourhood):
    initiative = InitiativeFactory(name="Proefmoestuin", neighbourhoods=[neighbourhood])
    MatchFactory(
        need=NeedFactory(resident=resident),
        talent=None,
        helper=None,
        initiative=initiative,
        proposed_by=lead,
    )
    export = resident_export(user=lead, pk=resident.pk)
    assert [m["other_side"] for m in export["matches"]] == ["Proefmoestuin"]


def test_the_json_is_a_download_named_by_id_and_logged(everything, lead, lead_client):
    response = lead_client.get(json_url(everything.resident))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        f'attachment; filename="bewoner-{everything.resident.pk}.json"'
    )
    assert json.loads(response.content)["resident"]["id"] == str(everything.resident.pk)
    row = AccessEvent.objects.get()
    assert (row.user, row.what, row.residents) == (lead, "export", [everything.resident.pk])


def test_the_page_shows_it_and_is_logged(everything, lead, lead_client):
    response = lead_client.get(page_url(everything.resident))
    assert response.status_code == 200
    content = response.content.decode()
    assert NAME in content
    assert "Zorgen om" in content
    assert "Pieter" not in content
    assert "privacy/print.js" in content
    assert "<script>" not in content
    row = AccessEvent.objects.get()
    assert (row.user, row.what, row.residents) == (lead, "export", [everything.resident.pk])


def add_rows(resident, worker, neighbourhood, count):
    for _ in range(count):
        other = ResidentFactory(address=resident.address)
        conversation = ConversationFactory(
            neighbourhood=neighbourhood, residents=[resident, other], workers=[worker]
        )
        conversation.themes.add(*conversation.themes.model.objects.all()[:1])
        FollowUpFactory(resident=resident, neighbourhood=neighbourhood, assigned_to=worker)
        SignalFactory(resident=resident, created_by=worker)
        TalentFactory(resident=resident)
        MatchFactory(
            need=NeedFactory(resident=resident),
            proposed_by=worker,
            talent__resident__address=other.address,
        )
        MatchFactory(
            need=NeedFactory(resident=other),
            talent=TalentFactory(resident=resident),
            proposed_by=worker,
        )
        InitiativeFactory(neighbourhoods=[neighbourhood]).members.create(resident=resident)
        activity = ActivityFactory(neighbourhood=neighbourhood)
        ActivityAttendance.objects.create(activity=activity, resident=resident)


@pytest.mark.parametrize("url", [page_url, json_url])
def test_the_query_count_does_not_grow_with_the_rows(
    url, resident, worker, neighbourhood, lead_client, django_assert_num_queries
):
    Resident.objects.filter(pk=resident.pk).update(may_share=True)

    def get():
        # savepoint (ATOMIC_REQUESTS), session, user, the resident with
        # address, street, neighbourhood and creator; consent records;
        # conversations, their residents, workers and themes; door knocks;
        # follow-ups; signals; reports; talents; needs; initiative
        # memberships; activities; matches with their sides; their events;
        # stories; the access log; the new access-log row; release
        with django_assert_num_queries(23):
            response = lead_client.get(url(resident))
        assert response.status_code == 200

    add_rows(resident, worker, neighbourhood, 1)
    get()
    add_rows(resident, worker, neighbourhood, 4)
    get()


def test_the_activities_they_were_at_or_organised_are_in_it(
    resident, neighbourhood, lead_client, other_resident
):
    clean_up = ActivityFactory(
        neighbourhood=neighbourhood, title="Schoonmaakmiddag", held_on=datetime.date(2026, 3, 1)
    )
    ActivityAttendance.objects.create(activity=clean_up, resident=resident)
    party = ActivityFactory(
        neighbourhood=neighbourhood, title="Straatfeest", held_on=datetime.date(2026, 4, 1)
    )
    ActivityOrganiser.objects.create(activity=party, resident=resident)
    ActivityFactory(neighbourhood=neighbourhood, title="Zonder Anna")
    data = lead_client.get(json_url(resident)).json()
    assert [(a["activity"], a["was_there"], a["organised"]) for a in data["activities"]] == [
        ("Schoonmaakmiddag", True, False),
        ("Straatfeest", False, True),
    ]


def test_the_stories_told_with_their_consent_or_about_them_are_in_it(
    everything, worker, neighbourhood, lead, lead_client
):
    def story(resident, text, **about):
        return story_create(by=worker, resident=resident, text=text, **about)

    story(
        everything.resident,
        "Een buurvrouw bakt nu voor de straat.",
        match=everything.match_as_helper,
    )
    # Told with the neighbour's consent, about a conversation she was in:
    # hers too, and the neighbour's name is taken out.
    story(
        everything.neighbour,
        "Pieter en zijn buurvrouw drinken nu wekelijks koffie.",
        conversation=everything.conversation_shared,
    )
    # About a conversation without her: not hers.
    stranger = ResidentFactory(address__street__neighbourhood=neighbourhood)
    story(
        stranger,
        "Een ander verhaal.",
        conversation=ConversationFactory(
            neighbourhood=neighbourhood, residents=[stranger], workers=[worker]
        ),
    )

    data = lead_client.get(json_url(everything.resident)).json()

    assert [(s["about"], s["their_consent"], s["text"]) for s in data["stories"]] == [
        ("the end of a match", True, "Een buurvrouw bakt nu voor de straat."),
        ("a conversation", False, f"{REDACTED} en zijn buurvrouw drinken nu wekelijks koffie."),
    ]
    page = lead_client.get(page_url(everything.resident)).content.decode()
    assert "Een buurvrouw bakt nu voor de straat." in page
    assert "Een ander verhaal." not in page
