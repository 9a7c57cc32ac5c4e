"""Correcting a saved conversation (notes, themes, who took part) and a
follow-up (due date, assignee): by its author or a team lead only, with the
change history kept (issue 16). Services with their refusals, then the
pages: own team, another team's worker (404), anonymous (login), a
colleague who did not write it (403), and their queries."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import ConversationEvent, ConversationResidentEvent
from contacts.models import FollowUpEvent
from contacts.services.corrections import conversation_correct, followup_correct
from neighbourhoods.models import Membership
from tests.accounts.factories import UserFactory
from tests.contacts.factories import (
    ConversationFactory,
    FollowUpFactory,
    ResidentFactory,
    ThemeFactory,
)
from tests.neighbourhoods.factories import MembershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


@pytest.fixture
def colleague(team):
    user = UserFactory(username="collega", first_name="Cor")
    MembershipFactory(team=team, user=user, role=Membership.Role.WORKER)
    return user


@pytest.fixture
def housemate(resident):
    return ResidentFactory(address=resident.address, name="Bert de Vries")


@pytest.fixture
def conversation(resident, worker, neighbourhood):
    conversation = ConversationFactory(
        neighbourhood=neighbourhood,
        residents=[resident],
        workers=[worker],
        notes="Zij wil graag tuinieren, typo: tuinierne.",
        created_by=worker,
    )
    conversation.themes.add(ThemeFactory(name="Tuin", name_en="Garden"))
    return conversation


@pytest.fixture
def follow_up(resident, worker, neighbourhood):
    return FollowUpFactory(
        neighbourhood=neighbourhood,
        resident=resident,
        assigned_to=worker,
        created_by=worker,
        description="Terugbellen over de tuin",
        due_on=timezone.localdate() + datetime.timedelta(days=3),
    )


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


# Conversations


def test_the_author_corrects_notes_themes_and_who_took_part(
    conversation, worker, resident, housemate
):
    other_theme = ThemeFactory(name="Eenzaamheid", name_en="Loneliness")
    conversation_correct(
        conversation=conversation,
        by=worker,
        notes=" Zij wil graag tuinieren. ",
        themes=[other_theme],
        residents=[resident, housemate],
    )
    conversation.refresh_from_db()
    assert conversation.notes == "Zij wil graag tuinieren."
    assert list(conversation.themes.all()) == [other_theme]
    assert set(conversation.residents.all()) == {resident, housemate}
    # The history keeps what it said before, and who was added.
    notes = list(
        ConversationEvent.objects.filter(pgh_obj_id=conversation.pk)
        .order_by("pgh_id")
        .values_list("notes", flat=True)
    )
    assert notes[-2:] == ["Zij wil graag tuinieren, typo: tuinierne.", "Zij wil graag tuinieren."]
    assert ConversationResidentEvent.objects.filter(
        resident_id=housemate.pk, pgh_label="insert"
    ).exists()


def test_a_team_lead_corrects_someone_elses_conversation(conversation, lead, resident):
    conversation_correct(
        conversation=conversation, by=lead, notes="Door de leider", themes=[], residents=[resident]
    )
    conversation.refresh_from_db()
    assert conversation.notes == "Door de leider"


def test_a_colleague_who_did_not_write_it_may_not(conversation, colleague, resident):
    with pytest.raises(PermissionDenied):
        conversation_correct(
            conversation=conversation, by=colleague, notes="x", themes=[], residents=[resident]
        )
    conversation.refresh_from_db()
    assert conversation.notes.startswith("Zij wil")


def test_someone_must_have_taken_part(conversation, worker):
    with pytest.raises(ValidationError) as error:
        conversation_correct(
            conversation=conversation, by=worker, notes="", themes=[], residents=[]
        )
    assert "residents" in error.value.message_dict


def test_a_resident_added_must_be_one_who_could_take_part(
    conversation, worker, resident, other_resident
):
    refusing = ResidentFactory(
        address=resident.address,
        name="Nee Zeggers",
        may_store=False,
        may_match=False,
        languages=[],
    )
    for added in (other_resident, refusing):
        with pytest.raises(ValidationError) as error:
            conversation_correct(
                conversation=conversation,
                by=worker,
                notes="x",
                themes=[],
                residents=[resident, added],
            )
        assert "residents" in error.value.message_dict
    assert list(conversation.residents.all()) == [resident]


# Follow-ups


def test_the_author_moves_and_reassigns_a_follow_up(follow_up, worker, colleague):
    followup_correct(follow_up=follow_up, by=worker, due_on=days(10), assigned_to=colleague)
    follow_up.refresh_from_db()
    assert (follow_up.due_on, follow_up.assigned_to) == (days(10), colleague)
    event = FollowUpEvent.objects.get(pgh_obj=follow_up)
    assert (event.due_on, event.assigned_to_id, event.pgh_label) == (
        days(10),
        colleague.pk,
        "corrected",
    )


def test_marking_done_is_no_correction_in_the_history(follow_up, worker):
    follow_up.done_at, follow_up.done_by = timezone.now(), worker
    follow_up.save()
    assert not FollowUpEvent.objects.exists()


def test_a_follow_up_goes_only_to_someone_working_there(follow_up, worker, other_worker):
    with pytest.raises(ValidationError) as error:
        followup_correct(follow_up=follow_up, by=worker, due_on=days(5), assigned_to=other_worker)
    assert "assigned_to" in error.value.message_dict


def test_a_follow_up_is_not_moved_into_the_past(follow_up, worker):
    with pytest.raises(ValidationError) as error:
        followup_correct(follow_up=follow_up, by=worker, due_on=days(-1), assigned_to=worker)
    assert "due_on" in error.value.message_dict


def test_a_closed_follow_up_is_not_moved(follow_up, worker):
    follow_up.done_at, follow_up.done_by = timezone.now(), worker
    follow_up.save()
    with pytest.raises(ValidationError):
        followup_correct(follow_up=follow_up, by=worker, due_on=days(5), assigned_to=worker)


def test_only_its_author_or_a_lead_moves_a_follow_up(follow_up, colleague, lead):
    with pytest.raises(PermissionDenied):
        followup_correct(follow_up=follow_up, by=colleague, due_on=days(5), assigned_to=colleague)
    followup_correct(follow_up=follow_up, by=lead, due_on=days(5), assigned_to=colleague)
    follow_up.refresh_from_db()
    assert follow_up.assigned_to == colleague


# The pages


def correct_url(conversation):
    return reverse("contacts:conversation_correct", args=[conversation.pk])


def move_url(follow_up):
    return reverse("contacts:followup_correct", args=[follow_up.pk])


@pytest.mark.usefixtures("english_pages")
def test_the_conversation_page_offers_the_correction_to_its_author(
    client, conversation, worker, colleague
):
    detail = reverse("contacts:conversation_detail", args=[conversation.pk])
    client.force_login(worker)
    assert correct_url(conversation) in client.get(detail).content.decode()
    client.force_login(colleague)
    assert correct_url(conversation) not in client.get(detail).content.decode()


@pytest.mark.usefixtures("english_pages")
def test_the_correction_form_saves_and_goes_back(
    client, conversation, worker, resident, housemate, django_assert_num_queries
):
    client.force_login(worker)
    # session, user, history context, the conversation, its residents,
    # workers, themes, follow-ups, talents, needs, the residents offered
    # (hers and her household), the themes offered, then the access-log
    # row with its history context (savepoint, context, insert)
    with django_assert_num_queries(15):
        response = client.get(correct_url(conversation))
    assert response.status_code == 200
    assert housemate.name in response.content.decode()
    response = client.post(
        correct_url(conversation),
        {"residents": [resident.pk, housemate.pk], "notes": "Verbeterd."},
    )
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.notes == "Verbeterd."
    assert conversation.themes.count() == 0


@pytest.mark.usefixtures("english_pages")
def test_the_correction_form_is_scoped(client, conversation, colleague, other_worker):
    url = correct_url(conversation)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client.force_login(other_worker)
    assert client.get(url).status_code == 404
    assert client.post(url, {"notes": "x"}).status_code == 404
    client.force_login(colleague)
    assert client.get(url).status_code == 403
    assert client.post(url, {"notes": "x"}).status_code == 403


@pytest.mark.usefixtures("english_pages")
def test_the_move_form_saves_and_goes_back(
    client, follow_up, worker, colleague, django_assert_num_queries
):
    client.force_login(worker)
    # session, user, history context, the follow-up with its
    # neighbourhood, resident and assignee, the workers to assign to, then
    # the access-log row with its history context
    with django_assert_num_queries(8):
        response = client.get(move_url(follow_up) + "?next=/")
    assert response.status_code == 200
    response = client.post(
        move_url(follow_up),
        {"due_on": days(8).isoformat(), "assigned_to": colleague.pk, "next": "/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    follow_up.refresh_from_db()
    assert (follow_up.due_on, follow_up.assigned_to) == (days(8), colleague)


@pytest.mark.usefixtures("english_pages")
def test_the_move_form_is_scoped(client, follow_up, colleague, other_worker):
    url = move_url(follow_up)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client.force_login(other_worker)
    assert client.get(url).status_code == 404
    client.force_login(colleague)
    assert client.get(url).status_code == 403


@pytest.mark.usefixtures("english_pages")
def test_the_follow_up_list_offers_moving_to_who_may(client, follow_up, worker, colleague):
    client.force_login(worker)
    page = client.get(reverse("contacts:followup_list")).content.decode()
    assert move_url(follow_up) in page
