"""Follow-ups: the services, the list, the forms and the one-tap done button
(contacts.services.followups, contacts.views.followups)."""

import datetime
import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from contacts.models import FollowUp
from contacts.services.followups import followup_create, followup_set_done
from tests.accounts.factories import UserFactory
from tests.contacts.factories import (
    ConversationFactory,
    DoorKnockFactory,
    FollowUpFactory,
    ReportFactory,
)
from tests.neighbourhoods.factories import AddressFactory, MembershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def row(content, follow_up):
    match = re.search(rf'<li[^>]*id="followup-{follow_up.pk}".*?</li>', content, re.DOTALL)
    assert match, f"no row for {follow_up}"
    return match.group(0)


# followup_create (service)


def test_a_follow_up_takes_the_neighbourhood_of_its_resident(worker, resident):
    follow_up = followup_create(
        description=" Terugbellen ",
        due_on=days(3),
        assigned_to=worker,
        created_by=worker,
        resident=resident,
    )
    assert follow_up.neighbourhood == resident.neighbourhood
    assert follow_up.description == "Terugbellen"
    assert follow_up.created_by == worker
    assert not follow_up.is_done


def test_a_follow_up_takes_the_neighbourhood_of_a_conversation_knock_or_report(
    worker, neighbourhood, address
):
    linked = [
        {"conversation": ConversationFactory(neighbourhood=neighbourhood)},
        {"door_knock": DoorKnockFactory(address=address, worker=worker)},
        {"report": ReportFactory(address=address)},
    ]
    for link in linked:
        follow_up = followup_create(
            description="Opvolgen", due_on=days(1), assigned_to=worker, created_by=worker, **link
        )
        assert follow_up.neighbourhood == neighbourhood


def test_a_follow_up_linked_to_nothing_needs_a_neighbourhood(worker, neighbourhood):
    with pytest.raises(ValidationError) as error:
        followup_create(description="Iets", due_on=days(1), assigned_to=worker, created_by=worker)
    assert "neighbourhood" in error.value.message_dict
    follow_up = followup_create(
        description="Iets",
        due_on=days(1),
        assigned_to=worker,
        created_by=worker,
        neighbourhood=neighbourhood,
    )
    assert follow_up.neighbourhood == neighbourhood


def test_a_follow_up_cannot_go_to_someone_outside_the_neighbourhood(
    worker, other_worker, admin_user, resident
):
    with pytest.raises(ValidationError) as error:
        followup_create(
            description="Iets",
            due_on=days(1),
            assigned_to=other_worker,
            created_by=worker,
            resident=resident,
        )
    assert "assigned_to" in error.value.message_dict
    assert not FollowUp.objects.exists()
    # An admin sees everything, so can hold one anywhere.
    followup_create(
        description="Iets",
        due_on=days(1),
        assigned_to=admin_user,
        created_by=worker,
        resident=resident,
    )


# followup_set_done


def test_a_follow_up_can_be_done_and_undone(worker, colleague, neighbourhood):
    follow_up = FollowUpFactory(neighbourhood=neighbourhood, assigned_to=worker)
    done = followup_set_done(follow_up=follow_up, done=True, by=colleague)
    assert done.is_done
    assert done.done_by == colleague
    # Done twice (a double tap) keeps who did it first.
    again = followup_set_done(follow_up=follow_up, done=True, by=worker)
    assert again.done_by == colleague
    assert again.done_at == done.done_at
    undone = followup_set_done(follow_up=follow_up, done=False, by=worker)
    undone.refresh_from_db()
    assert undone.done_at is None
    assert undone.done_by is None


# followup_list


def test_the_list_requires_login(client):
    response = client.get(reverse("contacts:followup_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_list_shows_my_open_follow_ups_overdue_first(client, worker, colleague, neighbourhood):
    upcoming = FollowUpFactory(
        neighbourhood=neighbourhood, assigned_to=worker, description="Later", due_on=days(5)
    )
    overdue = FollowUpFactory(
        neighbourhood=neighbourhood, assigned_to=worker, description="Te laat", due_on=days(-2)
    )
    FollowUpFactory(neighbourhood=neighbourhood, assigned_to=colleague, description="Van Karim")
    FollowUpFactory(
        neighbourhood=neighbourhood,
        assigned_to=worker,
        description="Klaar",
        done_at=timezone.now(),
        done_by=worker,
    )
    client.force_login(worker)
    content = client.get(reverse("contacts:followup_list")).content.decode()

    assert content.index("Te laat") < content.index("Later")
    assert "list-group-item-danger" in row(content, overdue)
    assert "Overdue since" in row(content, overdue)
    assert "list-group-item-danger" not in row(content, upcoming)
    assert "Van Karim" not in content
    assert "Klaar" not in content


def test_the_list_can_show_everything_open_in_my_neighbourhoods(
    client, worker, colleague, other_worker, neighbourhood, other_neighbourhood
):
    FollowUpFactory(neighbourhood=neighbourhood, assigned_to=colleague, description="Van Karim")
    FollowUpFactory(
        neighbourhood=other_neighbourhood, assigned_to=other_worker, description="Van West"
    )
    client.force_login(worker)
    content = client.get(reverse("contacts:followup_list"), {"show": "open"}).content.decode()
    assert "Van Karim" in content
    assert "for Karim Bakker" in content
    assert "Van West" not in content


def test_the_list_can_show_what_is_done(client, worker, colleague, neighbourhood):
    FollowUpFactory(
        neighbourhood=neighbourhood,
        assigned_to=worker,
        description="Klaar",
        done_at=timezone.now(),
        done_by=colleague,
    )
    FollowUpFactory(neighbourhood=neighbourhood, assigned_to=worker, description="Nog open")
    client.force_login(worker)
    content = client.get(reverse("contacts:followup_list"), {"show": "done"}).content.decode()
    assert "Klaar" in content
    assert "Done by Karim Bakker" in content
    assert "Not done yet" in content  # the undo button
    assert "Nog open" not in content


def test_the_list_is_paginated(client, worker, neighbourhood):
    for n in range(30):
        FollowUpFactory(
            neighbourhood=neighbourhood,
            assigned_to=worker,
            description=f"Taak {n:02d}",
            due_on=days(n),
        )
    client.force_login(worker)
    first = client.get(reverse("contacts:followup_list")).content.decode()
    second = client.get(reverse("contacts:followup_list"), {"page": 2}).content.decode()
    assert "Taak 24" in first
    assert "Taak 25" not in first
    assert 'href="?show=mine&amp;page=2"' in first
    assert "Taak 25" in second
    assert "Page 2 of 2" in second


def test_the_lists_query_count_does_not_grow_with_rows(
    client, worker, neighbourhood, resident, django_assert_num_queries
):
    def add_rows(count):
        for _ in range(count):
            FollowUpFactory(neighbourhood=neighbourhood, assigned_to=worker, resident=resident)

    client.force_login(worker)
    add_rows(2)
    # savepoint (ATOMIC_REQUESTS), session, user, count for the paginator,
    # the page of follow-ups with resident/assignee/done-by, the access-log
    # row, release savepoint
    with django_assert_num_queries(7):
        client.get(reverse("contacts:followup_list"))
    add_rows(20)
    with django_assert_num_queries(7):
        response = client.get(reverse("contacts:followup_list"), {"show": "open"})
    assert len(response.context["page"].object_list) == 22


# followup_create and followup_for_resident (views)


def test_the_form_requires_login(client, resident):
    for url in (
        reverse("contacts:followup_create"),
        reverse("contacts:followup_for_resident", args=[resident.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_the_form_defaults_to_me_and_a_week_from_now(client, worker, colleague, other_worker):
    client.force_login(worker)
    response = client.get(reverse("contacts:followup_create"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["due_on"].value() == days(7)
    assert form["assigned_to"].value() == worker.pk
    assert set(form.fields["assigned_to"].queryset) == {worker, colleague}
    content = response.content.decode()
    assert f'value="{days(7).isoformat()}"' in content
    assert 'type="hidden" name="submission_token"' in content
    assert "Westerbuurt" not in content  # another team's neighbourhood is not offered


def post_followup(client, url, **data):
    data = {
        "description": "Terugbellen over de tuin",
        "due_on": days(2).isoformat(),
        "submission_token": str(uuid.uuid4()),
        **data,
    }
    return client.post(url, data)


def test_a_follow_up_can_be_created(client, worker, colleague, neighbourhood):
    client.force_login(worker)
    response = post_followup(
        client,
        reverse("contacts:followup_create"),
        neighbourhood=neighbourhood.pk,
        assigned_to=colleague.pk,
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("contacts:followup_list")
    follow_up = FollowUp.objects.get()
    assert follow_up.description == "Terugbellen over de tuin"
    assert follow_up.assigned_to == colleague
    assert follow_up.created_by == worker
    assert follow_up.neighbourhood == neighbourhood
    assert follow_up.due_on == days(2)


def test_a_follow_up_for_a_resident_is_linked_to_them(client, worker, resident):
    client.force_login(worker)
    url = reverse("contacts:followup_for_resident", args=[resident.pk])
    assert "Anna de Vries" in client.get(url).content.decode()
    response = post_followup(client, url, assigned_to=worker.pk)
    assert response.status_code == 302
    assert response["Location"] == reverse("contacts:resident_detail", args=[resident.pk])
    follow_up = FollowUp.objects.get()
    assert follow_up.resident == resident
    assert follow_up.neighbourhood == resident.neighbourhood


def test_submitting_a_follow_up_twice_stores_one(client, worker, neighbourhood):
    client.force_login(worker)
    data = {
        "neighbourhood": neighbourhood.pk,
        "assigned_to": worker.pk,
        "submission_token": str(uuid.uuid4()),
    }
    first = post_followup(client, reverse("contacts:followup_create"), **data)
    second = post_followup(client, reverse("contacts:followup_create"), **data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert FollowUp.objects.count() == 1


def test_the_form_shows_errors_beside_the_field_and_keeps_the_input(client, worker, neighbourhood):
    client.force_login(worker)
    response = post_followup(
        client,
        reverse("contacts:followup_create"),
        description="",
        due_on="morgen",
        neighbourhood=neighbourhood.pk,
        assigned_to=worker.pk,
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"description", "due_on"}
    assert 'value="morgen"' in response.content.decode()
    assert not FollowUp.objects.exists()


def test_the_form_refuses_another_teams_neighbourhood_or_worker(
    client, worker, other_worker, neighbourhood, other_neighbourhood
):
    client.force_login(worker)
    response = post_followup(
        client,
        reverse("contacts:followup_create"),
        neighbourhood=other_neighbourhood.pk,
        assigned_to=other_worker.pk,
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"neighbourhood", "assigned_to"}
    assert not FollowUp.objects.exists()


def test_a_follow_up_goes_to_someone_of_the_residents_neighbourhood(
    client, worker, admin_user, resident, neighbourhood, other_neighbourhood
):
    # The worker is in a second team, elsewhere; its member is no choice here.
    elsewhere = UserFactory(username="elders")
    other_team = MembershipFactory(user=elsewhere).team
    other_team.neighbourhoods.add(other_neighbourhood)
    MembershipFactory(team=other_team, user=worker)
    client.force_login(worker)
    url = reverse("contacts:followup_for_resident", args=[resident.pk])
    assert set(client.get(url).context["form"].fields["assigned_to"].queryset) == {worker}
    response = post_followup(client, url, assigned_to=elsewhere.pk)
    assert "assigned_to" in response.context["form"].errors
    assert not FollowUp.objects.exists()


def test_another_teams_resident_is_not_found(client, other_worker, resident):
    client.force_login(other_worker)
    url = reverse("contacts:followup_for_resident", args=[resident.pk])
    assert client.get(url).status_code == 404
    assert post_followup(client, url, assigned_to=other_worker.pk).status_code == 404
    assert not FollowUp.objects.exists()


def test_the_form_rejects_other_methods(client, worker):
    client.force_login(worker)
    assert client.put(reverse("contacts:followup_create")).status_code == 405


# followup_toggle


@pytest.fixture
def follow_up(neighbourhood, worker):
    return FollowUpFactory(neighbourhood=neighbourhood, assigned_to=worker, description="Bellen")


def test_the_done_button_requires_login(client, follow_up):
    response = client.post(reverse("contacts:followup_toggle", args=[follow_up.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_done_button_rejects_get(client, worker, follow_up):
    client.force_login(worker)
    response = client.get(reverse("contacts:followup_toggle", args=[follow_up.pk]))
    assert response.status_code == 405
    follow_up.refresh_from_db()
    assert not follow_up.is_done


def test_the_done_button_marks_done_and_goes_back(client, worker, follow_up):
    client.force_login(worker)
    url = reverse("contacts:followup_toggle", args=[follow_up.pk])
    response = client.post(url, {"done": "1", "next": "/opvolging/?show=open"})
    assert response.status_code == 302
    assert response["Location"] == "/opvolging/?show=open"
    follow_up.refresh_from_db()
    assert follow_up.is_done
    assert follow_up.done_by == worker

    response = client.post(url, {"done": "0", "next": "https://evil.example/"})
    assert response["Location"] == reverse("contacts:followup_list")
    follow_up.refresh_from_db()
    assert not follow_up.is_done


def test_the_done_button_with_htmx_swaps_the_row(client, worker, follow_up):
    client.force_login(worker)
    response = client.post(
        reverse("contacts:followup_toggle", args=[follow_up.pk]),
        {"done": "1", "next": "/"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert content.strip().startswith("<li")
    assert f'id="followup-{follow_up.pk}"' in content
    assert "Done by" in content
    assert 'name="done" value="0"' in content
    assert 'name="next" value="/"' in content


def test_another_teams_follow_up_cannot_be_toggled(client, other_worker, follow_up):
    client.force_login(other_worker)
    response = client.post(reverse("contacts:followup_toggle", args=[follow_up.pk]), {"done": "1"})
    assert response.status_code == 404
    follow_up.refresh_from_db()
    assert not follow_up.is_done


def test_the_lists_links_carry_no_personal_data(client, worker, neighbourhood):
    """Filters are GET parameters, but never personal data: only the choice."""
    AddressFactory(street__neighbourhood=neighbourhood)
    client.force_login(worker)
    content = client.get(reverse("contacts:followup_list")).content.decode()
    assert set(re.findall(r'href="\?([^"]*)"', content)) <= {
        "show=mine",
        "show=open",
        "show=done",
    }


def test_the_list_marks_the_chosen_filter(client, worker):
    client.force_login(worker)
    content = client.get(reverse("contacts:followup_list"), {"show": "done"}).content.decode()
    assert re.search(
        r'class="nav-link active"\s+aria-current="page"\s+href="\?show=done"', content
    )
    assert 'href="?show=mine"' in content
