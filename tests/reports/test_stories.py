"""Stories beside the numbers: a worker marks a conversation or an ended
match as a story, with the resident's consent; the period report lists it;
an erasure deletes it."""

import datetime

import pytest
from django.urls import reverse

from accesslog.models import AccessEvent
from matches.models import Match
from privacy.services.anonymise import resident_anonymise
from reports.models import Story
from tests.contacts.factories import ConversationFactory
from tests.matches.factories import MatchFactory
from tests.reports.conftest import at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

TEXT = "Een buurvrouw die eerst alleen hulp vroeg, kookt nu elke week mee."


@pytest.fixture
def conversation(neighbourhood, resident, worker):
    return ConversationFactory(
        neighbourhood=neighbourhood,
        residents=[resident],
        workers=[worker],
        happened_at=at("2026-02-10"),
    )


def _url(conversation):
    return reverse("reports:story_for_conversation", args=[conversation.pk])


def test_a_worker_marks_a_conversation_as_a_story(client, worker, conversation, resident):
    client.force_login(worker)
    response = client.get(_url(conversation))
    assert response.status_code == 200
    assert AccessEvent.objects.get().residents == [resident.pk]
    response = client.post(
        _url(conversation), {"resident": resident.pk, "text": TEXT, "consent_to_share": "on"}
    )
    assert response.status_code == 302
    story = Story.objects.get()
    assert (story.text, story.resident, story.told_on) == (
        TEXT,
        resident,
        datetime.date(2026, 2, 10),
    )
    assert story.neighbourhood == conversation.neighbourhood


def test_a_story_needs_the_residents_consent(client, worker, conversation, resident):
    client.force_login(worker)
    response = client.post(_url(conversation), {"resident": resident.pk, "text": TEXT})
    assert response.status_code == 200
    assert "consent_to_share" in response.context["form"].errors
    assert not Story.objects.exists()


def test_another_teams_worker_gets_404_and_a_visitor_the_login(client, other_worker, conversation):
    assert client.get(_url(conversation)).status_code == 302
    client.force_login(other_worker)
    assert client.get(_url(conversation)).status_code == 404
    assert client.post(_url(conversation), {"text": TEXT}).status_code == 404


def test_only_an_ended_match_gets_a_story(client, worker, resident):
    match = MatchFactory(need__resident=resident, proposed_by=worker)
    client.force_login(worker)
    url = reverse("reports:story_for_match", args=[match.pk])
    assert client.get(url).status_code == 404
    Match.objects.filter(pk=match.pk).update(
        status=Match.Status.ENDED,
        outcome=Match.Outcome.LASTING,
        started_on=datetime.date(2026, 1, 1),
        ended_on=datetime.date(2026, 3, 1),
    )
    assert client.get(url).status_code == 200


def test_the_period_report_lists_the_stories_of_its_period(
    client, lead, worker, conversation, resident
):
    from reports.stories import story_create

    story_create(by=worker, resident=resident, text=TEXT, conversation=conversation)
    Story.objects.update(told_on=datetime.date(2026, 2, 10))
    client.force_login(lead)
    content = client.get(reverse("reports:report"), {"periode": "2026-K1"}).content.decode()
    assert TEXT in content
    content = client.get(reverse("reports:report"), {"periode": "2026-K2"}).content.decode()
    assert TEXT not in content


def test_an_erasure_deletes_the_story(worker, lead, conversation, resident):
    from reports.stories import story_create

    story_create(by=worker, resident=resident, text=TEXT, conversation=conversation)
    resident_anonymise(resident=resident, by=lead)
    assert not Story.objects.exists()
