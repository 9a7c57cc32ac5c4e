"""Door-knocking rounds: the list, planning a round, the round's phone page
and recording a knock (contacts.views.rounds and contacts.services.rounds)."""

import datetime
import re
import threading
import time
import uuid

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from contacts import next_try
from contacts.models import DoorKnock, DoorKnockSummary, FollowUp, Round
from contacts.services.rounds import door_knock_record, round_create
from tests.accounts.factories import UserFactory
from tests.contacts.factories import DoorKnockFactory, ResidentFactory, RoundFactory
from tests.contacts.knock_summaries import summaries_recomputed, summaries_stored
from tests.neighbourhoods.factories import (
    AddressFactory,
    MembershipFactory,
    NeighbourhoodFactory,
    StreetFactory,
    TeamFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


@pytest.fixture
def street(neighbourhood):
    return StreetFactory(neighbourhood=neighbourhood, name="Kastanjelaan")


@pytest.fixture
def other_street(other_neighbourhood):
    return StreetFactory(neighbourhood=other_neighbourhood, name="Westerstraat")


@pytest.fixture
def houses(street):
    """Kastanjelaan 1 to 8, created out of order."""
    numbers = [4, 1, 7, 2, 8, 3, 6, 5]
    return {n: AddressFactory(street=street, house_number=n) for n in numbers}


@pytest.fixture
def round_(neighbourhood, worker, colleague, houses):
    return RoundFactory(
        neighbourhood=neighbourhood,
        worker=worker,
        second_worker=colleague,
        addresses=list(houses.values()),
    )


def card(content, address):
    """The HTML of one address card on the round page (a full card, or a
    door done in this round folded into a line): up to the next door or the
    end of the side of the street."""
    match = re.search(
        rf'id="adres-{address.pk}".*?(?=id="adres-\d+"|</section>|<div id="volgende">)',
        content,
        re.DOTALL,
    )
    assert match, f"no card for {address}"
    return match.group(0)


def local(*args):
    return timezone.make_aware(datetime.datetime(*args))


# round_list


def test_the_list_requires_login(client):
    response = client.get(reverse("contacts:round_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_list_shows_upcoming_rounds_first_then_recent_ones(
    client, worker, colleague, neighbourhood, street
):
    today = timezone.localdate()
    mine = RoundFactory(neighbourhood=neighbourhood, worker=worker, planned_for=today)
    theirs = RoundFactory(
        neighbourhood=neighbourhood,
        worker=colleague,
        planned_for=today + datetime.timedelta(days=3),
        note="Met de buurtcoach",
    )
    past = RoundFactory(
        neighbourhood=neighbourhood,
        worker=colleague,
        second_worker=worker,
        planned_for=today - datetime.timedelta(days=5),
    )
    too_old = RoundFactory(
        neighbourhood=neighbourhood, worker=worker, planned_for=today - datetime.timedelta(days=60)
    )
    mine.addresses.set([AddressFactory(street=street), AddressFactory(street=street)])
    DoorKnockFactory(address=mine.addresses.first(), round=mine, worker=worker)

    client.force_login(worker)
    response = client.get(reverse("contacts:round_list"))

    assert response.status_code == 200
    content = response.content.decode()
    assert reverse("contacts:round_create") in content
    assert "Plan a round" in content
    links = re.findall(r'href="/rondes/(\d+)/"', content)
    assert links == [str(mine.pk), str(theirs.pk), str(past.pk)]
    assert str(too_old.pk) not in links
    assert "Kastanjelaan" in content
    assert "1 of 2 addresses visited" in content
    assert "Met de buurtcoach" in content
    # Rounds the worker walks are highlighted, a colleague's round is not.
    assert [r.pk for r in response.context["upcoming"] if r.is_mine] == [mine.pk]
    assert [r.pk for r in response.context["recent"] if r.is_mine] == [past.pk]


def test_the_list_hides_rounds_of_other_neighbourhoods(
    client, worker, other_worker, other_neighbourhood
):
    theirs = RoundFactory(neighbourhood=other_neighbourhood, worker=other_worker)
    client.force_login(worker)
    response = client.get(reverse("contacts:round_list"))
    assert response.status_code == 200
    assert list(response.context["upcoming"]) == []
    assert reverse("contacts:round_detail", args=[theirs.pk]) not in response.content.decode()
    client.force_login(other_worker)
    response = client.get(reverse("contacts:round_list"))
    assert reverse("contacts:round_detail", args=[theirs.pk]) in response.content.decode()


def test_the_list_query_count_does_not_grow_with_rows(
    client, worker, colleague, neighbourhood, street, django_assert_num_queries
):
    def add_rounds(count):
        for n in range(count):
            round = RoundFactory(
                neighbourhood=neighbourhood,
                worker=worker if n % 2 else colleague,
                second_worker=colleague if n % 2 else None,
                planned_for=timezone.localdate() + datetime.timedelta(days=n - 7),
            )
            addresses = AddressFactory.create_batch(3, street=street)
            round.addresses.set(addresses)
            DoorKnockFactory(address=addresses[0], round=round, worker=worker)

    client.force_login(worker)
    add_rounds(2)
    # savepoint (ATOMIC_REQUESTS), session, user, rounds with neighbourhood,
    # workers, street name and counts, release savepoint
    with django_assert_num_queries(5):
        response = client.get(reverse("contacts:round_list"))
    assert len(response.context["upcoming"]) + len(response.context["recent"]) == 2
    add_rounds(10)
    with django_assert_num_queries(5):
        response = client.get(reverse("contacts:round_list"))
    assert len(response.context["upcoming"]) + len(response.context["recent"]) == 12


# round_create


def plan(client, **data):
    values = {
        "submission_token": str(uuid.uuid4()),
        "street": "",
        "number_from": "",
        "number_to": "",
        "side": "",
        "planned_for": timezone.localdate().isoformat(),
        "worker": "",
        "second_worker": "",
        "note": "",
    }
    values.update(
        {key: str(value.pk if hasattr(value, "pk") else value) for key, value in data.items()}
    )
    return client.post(reverse("contacts:round_create"), values)


def test_the_form_requires_login(client):
    response = client.get(reverse("contacts:round_create"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_form_offers_only_streets_and_workers_of_the_users_neighbourhoods(
    client, worker, colleague, street, other_street, other_worker
):
    client.force_login(worker)
    response = client.get(reverse("contacts:round_create"))
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields["street"].queryset) == [street]
    assert set(form.fields["second_worker"].queryset) == {worker, colleague}
    content = response.content.decode()
    assert "Kastanjelaan" in content
    assert "Westerstraat" not in content
    assert 'name="submission_token"' in content
    # Today and the planner themselves are filled in.
    assert form.initial["planned_for"] == timezone.localdate()
    assert form.initial["worker"] == worker.pk


def test_a_worker_plans_part_of_a_street(client, worker, colleague, neighbourhood, street, houses):
    client.force_login(worker)
    response = plan(
        client,
        street=street,
        number_from=2,
        number_to=7,
        side="odd",
        worker=worker,
        second_worker=colleague,
        note="Met de buurtcoach",
    )
    round = Round.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("contacts:round_detail", args=[round.pk])
    assert round.neighbourhood == neighbourhood
    assert round.planned_for == timezone.localdate()
    assert (round.worker, round.second_worker, round.created_by) == (worker, colleague, worker)
    assert round.note == "Met de buurtcoach"
    assert sorted(a.house_number for a in round.addresses.all()) == [3, 5, 7]


def test_without_a_range_the_whole_street_is_planned(client, worker, street, houses):
    client.force_login(worker)
    plan(client, street=street, worker=worker)
    assert Round.objects.get().addresses.count() == 8


def test_a_street_of_another_neighbourhood_is_rejected(client, worker, other_street):
    AddressFactory(street=other_street)
    client.force_login(worker)
    response = plan(client, street=other_street, worker=worker)
    assert response.status_code == 200
    assert "street" in response.context["form"].errors
    assert not Round.objects.exists()


def test_a_second_worker_of_another_team_is_rejected(client, worker, street, houses, other_worker):
    client.force_login(worker)
    response = plan(client, street=street, worker=worker, second_worker=other_worker)
    assert response.status_code == 200
    assert "second_worker" in response.context["form"].errors
    assert not Round.objects.exists()


def test_a_second_worker_not_covering_the_streets_neighbourhood_is_rejected(
    client, worker, team, street, houses
):
    # The worker's team also covers a second neighbourhood, where a team of
    # someone else works: that person is offered, but not for this street.
    second_neighbourhood = NeighbourhoodFactory(name="Noorderbuurt")
    team.neighbourhoods.add(second_neighbourhood)
    elsewhere = UserFactory(first_name="Ilse")
    MembershipFactory(team=TeamFactory(neighbourhoods=[second_neighbourhood]), user=elsewhere)

    client.force_login(worker)
    response = plan(client, street=street, worker=worker, second_worker=elsewhere)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "is not in a team that works in Oosterbuurt" in errors["second_worker"][0]
    assert not Round.objects.exists()
    # The error is beside the field, and what was chosen is kept.
    assert "is not in a team that works in Oosterbuurt" in response.content.decode()
    assert response.context["form"]["street"].value() == str(street.pk)
    assert response.context["form"]["second_worker"].value() == str(elsewhere.pk)


def test_the_same_person_twice_is_rejected(client, worker, street, houses):
    client.force_login(worker)
    response = plan(client, street=street, worker=worker, second_worker=worker)
    assert response.status_code == 200
    assert "second_worker" in response.context["form"].errors
    assert not Round.objects.exists()


def test_an_empty_house_number_range_is_rejected(client, worker, street, houses):
    client.force_login(worker)
    response = plan(client, street=street, worker=worker, number_from=50, number_to=60)
    assert response.status_code == 200
    assert response.context["form"].errors["number_from"] == [
        "This street has no addresses in this range."
    ]
    assert "This street has no addresses in this range." in response.content.decode()
    response = plan(client, street=street, worker=worker, number_from=7, number_to=3)
    assert "number_to" in response.context["form"].errors
    assert not Round.objects.exists()


def test_a_date_in_the_past_is_rejected(client, worker, street, houses):
    client.force_login(worker)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = plan(client, street=street, worker=worker, planned_for=yesterday.isoformat())
    assert "planned_for" in response.context["form"].errors
    assert not Round.objects.exists()


def test_planning_twice_with_one_token_stores_one_round(client, worker, street, houses):
    client.force_login(worker)
    token = uuid.uuid4()
    first = plan(client, street=street, worker=worker, submission_token=token)
    second = plan(client, street=street, worker=worker, submission_token=token)
    round = Round.objects.get()
    assert (
        first["Location"]
        == second["Location"]
        == reverse("contacts:round_detail", args=[round.pk])
    )


def test_the_form_rejects_other_methods(client, worker):
    client.force_login(worker)
    assert client.put(reverse("contacts:round_create")).status_code == 405


def test_the_service_keeps_a_round_within_one_neighbourhood(worker, houses, other_address):
    with pytest.raises(ValidationError) as raised:
        round_create(
            addresses=[houses[1], other_address],
            planned_for=timezone.localdate(),
            worker=worker,
            created_by=worker,
        )
    assert "addresses" in raised.value.message_dict
    assert not Round.objects.exists()


# round_detail


def test_the_round_page_requires_login(client, round_):
    response = client.get(reverse("contacts:round_detail", args=[round_.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_worker_of_another_team_cannot_see_the_round(client, other_worker, round_):
    client.force_login(other_worker)
    response = client.get(reverse("contacts:round_detail", args=[round_.pk]))
    assert response.status_code == 404


def test_the_round_page_lists_addresses_in_walking_order(client, worker, round_, houses):
    client.force_login(worker)
    response = client.get(reverse("contacts:round_detail", args=[round_.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    positions = {n: content.index(f'id="adres-{address.pk}"') for n, address in houses.items()}
    assert sorted(positions, key=positions.get) == [1, 3, 5, 7, 2, 4, 6, 8]
    odd, even = content.index("odd side"), content.index("even side")
    assert odd < positions[1] < positions[7] < even < positions[2]


def test_the_round_page_shows_the_earlier_attempts_and_who_lives_there(
    client, worker, colleague, round_, houses
):
    DoorKnockFactory(
        address=houses[3],
        knocked_at=local(2025, 9, 22, 10, 15),  # a Monday morning
        outcome=DoorKnock.Outcome.NOT_HOME,
        worker=colleague,
    )
    DoorKnockFactory(
        address=houses[3],
        knocked_at=local(2025, 9, 27, 18, 40),  # a Saturday evening
        outcome=DoorKnock.Outcome.NOT_HOME,
        worker=worker,
        second_worker=colleague,
    )
    DoorKnockFactory(
        address=houses[4],
        knocked_at=local(2025, 9, 23, 14, 5),
        outcome=DoorKnock.Outcome.SPOKE,
        worker=worker,
    )
    resident = ResidentFactory(address=houses[4], name="Fatima Bakker")
    ResidentFactory(address=houses[4], name="Vertrokken Persoon", status="moved")

    client.force_login(worker)
    content = client.get(reverse("contacts:round_detail", args=[round_.pk])).content.decode()

    three = card(content, houses[3])
    assert "Mon 22-9-2025" in three
    assert "10:15" in three
    assert "(morning)" in three
    assert "Sat 27-9-2025" in three
    assert "(evening)" in three
    assert three.count('fw-semibold text-nowrap">not home<') == 2
    assert "Karim" in three
    assert "Wendy" in three
    # The latest first, in the summary too; both workers of a knock by two.
    assert "<summary>2 attempts so far · 27-9 not home</summary>" in three
    legend = f"Outcome at {houses[3].street.name} {houses[3].house_number}"
    assert legend in re.sub(r"\s+", " ", three)
    line = re.search(
        r"Sat 27-9-2025 18:40 \(evening\) · <span[^>]*>not home</span> · (.*?)</li>", three
    )
    assert line
    assert sorted(line.group(1).split(", ")) == ["Karim", "Wendy"]
    # Never answered: a suggestion, not on a Monday or Saturday, not a morning.
    suggestion = re.search(r"Try next:</span>\s*(\w+) (\w+)", three)
    assert suggestion
    assert suggestion.group(1) not in ("Monday", "Saturday", "Sunday")
    assert suggestion.group(2) == "afternoon"

    four = card(content, houses[4])
    assert "Tue 23-9-2025" in four
    assert "spoke" in four
    assert "Try next" not in four  # answered before
    assert reverse("contacts:resident_detail", args=[resident.pk]) in four
    assert "Fatima Bakker" in four
    assert "Vertrokken Persoon" not in four

    # Never rung: a suggestion too, and one form with a token of its own and
    # the five outcomes as its buttons.
    one = card(content, houses[1])
    assert "Try next" in one
    assert "Never rung before" in one
    assert one.count("<form") == 1
    assert (
        one.count(
            'action="{}"'.format(reverse("contacts:knock_record", args=[round_.pk, houses[1].pk]))
        )
        == 1
    )
    tokens = re.findall(r'name="submission_token" value="([0-9a-f-]+)"', one)
    assert len(tokens) == 1
    all_tokens = re.findall(r'name="submission_token" value="([0-9a-f-]+)"', content)
    assert len(set(all_tokens)) == len(houses)  # one per card, each its own
    buttons = re.findall(r'<button type="submit"\s+name="outcome"\s+value="(\w+)"', one)
    assert buttons == ["not_home", "spoke", "declined", "come_back", "moved"]
    for label in ("not home", "spoke", "declined", "come back later", "moved or empty"):
        assert f">{label}</button>" in one


def test_the_round_page_query_count_does_not_grow_with_addresses(
    client, worker, colleague, neighbourhood, street, django_assert_num_queries
):
    def make_round(count):
        addresses = [AddressFactory(street=street, house_number=n + 1) for n in range(count)]
        round = RoundFactory(
            neighbourhood=neighbourhood,
            worker=worker,
            second_worker=colleague,
            addresses=addresses,
        )
        for address in addresses:
            for days in range(3):
                DoorKnockFactory(
                    address=address,
                    knocked_at=timezone.now() - datetime.timedelta(days=days * 3, hours=days),
                    worker=worker if days % 2 else colleague,
                    second_worker=colleague if days % 2 else None,
                    round=round if days == 0 else None,
                )
            ResidentFactory(address=address)
        return round

    small, large = make_round(2), make_round(10)
    client.force_login(worker)
    # savepoint (ATOMIC_REQUESTS), session, user, round with neighbourhood and
    # workers, addresses with streets and attempt counts, their latest door
    # knocks with workers, their knock in this round, the knocks at doors
    # never answered, their residents, the access-log row, release savepoint
    with django_assert_num_queries(11):
        response = client.get(reverse("contacts:round_detail", args=[small.pk]))
    assert response.content.decode().count('id="adres-') == 2
    with django_assert_num_queries(11):
        response = client.get(reverse("contacts:round_detail", args=[large.pk]))
    assert response.content.decode().count('id="adres-') == 10
    assert response.context["knocked_count"] == 10


def busy_round(neighbourhood, street, worker, *, doors, attempts):
    """A round of ``doors`` addresses, each rung ``attempts`` times before,
    one week apart going back (see ``add_attempts``)."""
    addresses = [AddressFactory(street=street, house_number=n + 1) for n in range(doors)]
    round = RoundFactory(neighbourhood=neighbourhood, worker=worker, addresses=addresses)
    add_attempts(addresses, worker, range(attempts))
    return round


def add_attempts(addresses, worker, weeks_back):
    """At each address a knock ``week + 1`` weeks ago for each week in
    ``weeks_back``: "come back later" in the newest three weeks, "not home"
    before. In one query."""
    now = timezone.now()
    DoorKnock.objects.bulk_create(
        DoorKnock(
            address=address,
            knocked_at=now - datetime.timedelta(weeks=week + 1),
            outcome=DoorKnock.Outcome.COME_BACK if week < 3 else DoorKnock.Outcome.NOT_HOME,
            worker=worker,
        )
        for address in addresses
        for week in weeks_back
    )


def test_a_busy_round_page_has_three_attempts_and_one_form_per_door(
    client, worker, neighbourhood, street
):
    round = busy_round(neighbourhood, street, worker, doors=30, attempts=10)
    client.force_login(worker)
    response = client.get(reverse("contacts:round_detail", args=[round.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    knock_form = re.compile(r'<form method="post"\s+action="/rondes/\d+/adressen/\d+/"')
    assert len(knock_form.findall(content)) == 30
    assert content.count('class="card mb-2') == 30
    for address in round.addresses.all():
        door = card(content, address)
        assert door.count("<form") == 1
        assert door.count('<li class="py-1 border-bottom">') == 3  # the attempts shown
        assert door.count("come back later</span>") == 3  # the newest three
        assert "and 7 earlier attempts" in door
        assert "Try next" not in door  # answered before


def test_the_round_page_does_not_grow_with_older_attempts(client, worker, neighbourhood, street):
    round = busy_round(neighbourhood, street, worker, doors=30, attempts=3)
    addresses = list(round.addresses.all())
    client.force_login(worker)
    url = reverse("contacts:round_detail", args=[round.pk])

    three = len(client.get(url).content)
    add_attempts(addresses, worker, range(3, 10))
    ten = len(client.get(url).content)
    add_attempts(addresses, worker, range(10, 40))
    forty = len(client.get(url).content)

    # The seven older attempts of each door add one line, "and 7 earlier
    # attempts" (under 250 bytes with its markup, where seven attempts would
    # be about 7 x 300); thirty more add one digit to it ("and 37 ...").
    assert 0 < ten - three <= 30 * 250
    assert forty - ten == 30


def test_the_rounds_own_knock_shows_when_the_door_was_rung_again_since(
    client, worker, neighbourhood, street
):
    round = busy_round(neighbourhood, street, worker, doors=1, attempts=0)
    address = round.addresses.get()
    DoorKnockFactory(
        address=address,
        round=round,
        worker=worker,
        outcome=DoorKnock.Outcome.DECLINED,
        knocked_at=local(2025, 9, 22, 10, 15),
    )
    # Rung four times since, outside the round.
    for day in (1, 2, 3, 4):
        DoorKnockFactory(address=address, worker=worker, knocked_at=local(2025, 10, day, 12))

    client.force_login(worker)
    response = client.get(reverse("contacts:round_detail", args=[round.pk]))
    door = card(response.content.decode(), address)
    assert "This round: declined (10:15)" in door
    assert "declined</span>" not in door  # not among the three latest attempts
    assert "and 2 earlier attempts" in door
    assert response.context["knocked_count"] == 1


def test_the_next_try_counts_attempts_that_are_not_shown(client, worker, neighbourhood, street):
    round = busy_round(neighbourhood, street, worker, doors=1, attempts=0)
    address = round.addresses.get()
    # Mornings and afternoons long ago, evenings lately: nothing is left
    # untried but the suggestion must still see the old mornings and afternoons.
    moments = [local(2025, 9, day, 10) for day in (1, 2, 3)]
    moments += [local(2025, 9, day, 14) for day in (4, 5, 6)]
    moments += [local(2025, 9, day, 18, 30) for day in (8, 9, 10)]
    for moment in moments:
        DoorKnockFactory(address=address, worker=worker, knocked_at=moment)

    client.force_login(worker)
    response = client.get(reverse("contacts:round_detail", args=[round.pk]))
    (described,) = [
        address
        for _street, _odd, segments in response.context["sides"]
        for _done, run in segments
        for address in run
    ]
    expected = next_try.suggest_next_try(
        [timezone.localtime(moment) for moment in moments], timezone.localdate()
    )
    assert described.next_try == expected
    assert len(described.attempts) == 3
    assert described.older_attempt_count == 6


def test_a_door_answered_before_the_shown_attempts_gets_no_next_try(
    client, worker, neighbourhood, street
):
    round = busy_round(neighbourhood, street, worker, doors=1, attempts=0)
    address = round.addresses.get()
    DoorKnockFactory(
        address=address,
        worker=worker,
        outcome=DoorKnock.Outcome.SPOKE,
        knocked_at=local(2025, 8, 1, 10),
    )
    for day in (1, 2, 3):
        DoorKnockFactory(address=address, worker=worker, knocked_at=local(2025, 9, day, 10))
    client.force_login(worker)
    door = card(
        client.get(reverse("contacts:round_detail", args=[round.pk])).content.decode(), address
    )
    assert "spoke</span>" not in door
    assert re.search(r"and 1 earlier attempt\s*</li>", door)
    assert "Try next" not in door


# knock_record


def knock(client, round, address, outcome="not_home", token=None, **extra):
    return client.post(
        reverse("contacts:knock_record", args=[round.pk, address.pk]),
        {"outcome": outcome, "submission_token": str(token or uuid.uuid4())},
        **extra,
    )


def submit_card(client, content, address, outcome):
    """What a browser without JavaScript sends when ``outcome``'s button on
    ``address``'s card is tapped: the form's hidden fields and that button's
    name and value, to the form's action."""
    form = re.search(r"<form.*?</form>", card(content, address), re.DOTALL).group(0)
    action = re.search(r'action="([^"]+)"', form).group(1)
    data = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    button = re.search(rf'<button type="submit"\s+name="(\w+)"\s+value="{outcome}"', form)
    data[button.group(1)] = outcome
    return client.post(action, data)


def test_a_card_as_rendered_records_the_tapped_outcome_once(client, worker, round_, houses):
    client.force_login(worker)
    content = client.get(reverse("contacts:round_detail", args=[round_.pk])).content.decode()
    response = submit_card(client, content, houses[4], "declined")
    assert response.status_code == 302
    assert response["Location"].endswith("#volgende")
    # Tapped again on the same page (the same token): still one knock.
    submit_card(client, content, houses[4], "come_back")
    door_knock = DoorKnock.objects.get()
    assert (door_knock.address, door_knock.outcome) == (houses[4], DoorKnock.Outcome.DECLINED)
    # The page comes back with a new token on the card: the next tap counts,
    # and within the undo time it changes the outcome instead of adding one.
    content = client.get(response["Location"]).content.decode()
    submit_card(client, content, houses[4], "not_home")
    door_knock = DoorKnock.objects.get()
    assert door_knock.outcome == DoorKnock.Outcome.NOT_HOME


def test_recording_rejects_get(client, worker, round_, houses):
    client.force_login(worker)
    response = client.get(reverse("contacts:knock_record", args=[round_.pk, houses[1].pk]))
    assert response.status_code == 405
    assert not DoorKnock.objects.exists()


def test_recording_requires_login(client, round_, houses):
    response = knock(client, round_, houses[1])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not DoorKnock.objects.exists()


def test_a_worker_of_another_team_cannot_record(client, other_worker, round_, houses):
    client.force_login(other_worker)
    assert knock(client, round_, houses[1]).status_code == 404
    assert not DoorKnock.objects.exists()


def test_an_address_outside_the_round_is_not_found(client, worker, round_, street):
    elsewhere = AddressFactory(street=street, house_number=99)
    client.force_login(worker)
    assert knock(client, round_, elsewhere).status_code == 404
    assert not DoorKnock.objects.exists()


def test_a_worker_records_not_home(client, worker, colleague, round_, houses):
    client.force_login(worker)
    response = knock(client, round_, houses[5])
    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('contacts:round_detail', args=[round_.pk])}#volgende"
    )
    door_knock = DoorKnock.objects.get()
    assert door_knock.address == houses[5]
    assert door_knock.round == round_
    assert door_knock.outcome == DoorKnock.Outcome.NOT_HOME
    assert (door_knock.worker, door_knock.second_worker) == (worker, colleague)
    assert not FollowUp.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Kastanjelaan 5: not home." in page  # the message
    assert "This round: not home" in card(page, houses[5])
    assert "This round" not in card(page, houses[3])


def test_the_second_worker_is_recorded_first_when_they_tap(
    client, worker, colleague, round_, houses
):
    client.force_login(colleague)
    knock(client, round_, houses[1], outcome="declined")
    door_knock = DoorKnock.objects.get()
    assert (door_knock.worker, door_knock.second_worker) == (colleague, worker)


def test_someone_stepping_in_is_recorded_with_the_rounds_first_worker(
    client, worker, lead, round_, houses
):
    client.force_login(lead)
    knock(client, round_, houses[1], outcome="moved")
    door_knock = DoorKnock.objects.get()
    assert (door_knock.worker, door_knock.second_worker) == (lead, worker)


def test_a_double_tap_records_one_knock(client, worker, round_, houses):
    client.force_login(worker)
    token = uuid.uuid4()
    first = knock(client, round_, houses[1], token=token)
    second = knock(client, round_, houses[1], token=token)
    assert DoorKnock.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_an_unknown_outcome_records_nothing(client, worker, round_, houses):
    client.force_login(worker)
    response = knock(client, round_, houses[1], outcome="party")
    assert response.status_code == 302
    assert not DoorKnock.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "That did not work" in page


def test_spoke_leads_straight_to_the_conversation(client, worker, round_, houses):
    client.force_login(worker)
    token = uuid.uuid4()
    response = knock(client, round_, houses[2], outcome="spoke", token=token)
    door_knock = DoorKnock.objects.get()
    assert door_knock.outcome == DoorKnock.Outcome.SPOKE
    expected = reverse("contacts:conversation_from_knock", kwargs={"knock_pk": door_knock.pk})
    assert response.status_code == 302
    assert response["Location"] == expected
    # A second tap goes to the same conversation page.
    assert knock(client, round_, houses[2], outcome="spoke", token=token)["Location"] == expected
    assert DoorKnock.objects.count() == 1


def test_spoke_with_htmx_redirects_the_whole_page(client, worker, round_, houses):
    client.force_login(worker)
    response = knock(client, round_, houses[2], outcome="spoke", headers={"HX-Request": "true"})
    door_knock = DoorKnock.objects.get()
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse(
        "contacts:conversation_from_knock", kwargs={"knock_pk": door_knock.pk}
    )


def test_come_back_later_creates_a_follow_up(client, worker, neighbourhood, round_, houses):
    client.force_login(worker)
    knock(client, round_, houses[6], outcome="come_back")
    door_knock = DoorKnock.objects.get()
    follow_up = FollowUp.objects.get()
    assert follow_up.door_knock == door_knock
    assert follow_up.assigned_to == worker
    assert follow_up.created_by == worker
    assert follow_up.neighbourhood == neighbourhood
    assert follow_up.due_on == timezone.localdate() + datetime.timedelta(days=2)
    assert "Kastanjelaan 6" in follow_up.description


def test_with_htmx_the_whole_page_goes_to_the_next_door(client, worker, round_, houses):
    client.force_login(worker)
    response = knock(client, round_, houses[7], headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"].endswith("#volgende")
    assert DoorKnock.objects.get().address == houses[7]


def test_the_service_refuses_an_address_outside_the_round(worker, round_, street):
    elsewhere = AddressFactory(street=street, house_number=99)
    with pytest.raises(ValidationError):
        door_knock_record(round=round_, address=elsewhere, outcome="spoke", worker=worker)
    assert not DoorKnock.objects.exists()


# The door-knock summaries (DoorKnockSummary, kept by door_knock_record)


def test_the_summaries_equal_a_recomputation_from_the_knocks(
    worker, colleague, round_, houses, other_address, other_worker
):
    def at(day, hour=12):
        return timezone.make_aware(datetime.datetime(2025, 3, day, hour))

    def record(house, outcome, when, by=worker):
        door_knock_record(
            round=round_, address=houses[house], outcome=outcome, worker=by, knocked_at=when
        )

    record(1, "not_home", at(3))
    record(1, "not_home", at(4))
    record(2, "not_home", at(3))
    record(2, "spoke", at(5), by=colleague)
    record(2, "not_home", at(6))
    record(3, "moved", at(7))
    record(3, "declined", at(4))  # recorded later, knocked earlier
    record(4, "come_back", at(3, 10))
    record(4, "come_back", at(3, 18))
    record(4, "spoke", at(5))
    record(5, "declined", at(2))
    # Knocks elsewhere (the factory counts them with the service's function).
    DoorKnockFactory(address=other_address, worker=other_worker, knocked_at=at(1))
    DoorKnockFactory(address=other_address, worker=other_worker, knocked_at=at(9), outcome="spoke")

    stored = summaries_stored()
    assert stored == summaries_recomputed()
    assert stored[houses[1].pk] == (2, False, False, at(4))  # only unanswered
    assert stored[houses[2].pk] == (3, True, True, at(6))
    assert stored[houses[3].pk] == (2, False, True, at(7))  # the latest, not the last recorded
    assert stored[houses[4].pk] == (3, True, True, at(5))
    assert stored[houses[5].pk] == (1, False, True, at(2))
    assert stored[other_address.pk] == (2, True, True, at(9))
    assert not DoorKnockSummary.objects.filter(address__in=[houses[n] for n in (6, 7, 8)])


def test_a_refused_knock_leaves_the_summary_as_it_was(worker, round_, houses, street):
    door_knock_record(round=round_, address=houses[1], outcome="not_home", worker=worker)
    before = summaries_stored()
    with pytest.raises(ValidationError):
        door_knock_record(round=round_, address=houses[1], outcome="party", worker=worker)
    elsewhere = AddressFactory(street=street, house_number=99)
    with pytest.raises(ValidationError):
        door_knock_record(round=round_, address=elsewhere, outcome="spoke", worker=worker)
    assert summaries_stored() == before


@pytest.mark.django_db(transaction=True)
def test_two_knocks_at_one_door_at_the_same_moment_are_both_counted(
    worker, colleague, round_, houses
):
    """Really at once, at a door without a summary yet: the second knock's
    INSERT waits for the first transaction, then adds to the row it left."""
    first_has_written = threading.Event()
    let_first_commit = threading.Event()

    def first():
        try:
            with transaction.atomic():
                door_knock_record(round=round_, address=houses[1], outcome="spoke", worker=worker)
                first_has_written.set()
                let_first_commit.wait(10)
        finally:
            connection.close()

    def second():
        first_has_written.wait(10)
        try:
            door_knock_record(
                round=round_, address=houses[1], outcome="not_home", worker=colleague
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_has_written.wait(10)
    time.sleep(0.3)
    assert threads[1].is_alive(), "the second knock should wait for the first"
    let_first_commit.set()
    for thread in threads:
        thread.join(10)
    assert DoorKnock.objects.count() == 2
    assert summaries_stored() == summaries_recomputed()
    assert DoorKnockSummary.objects.get().knocks == 2


def test_an_attempt_by_someone_without_a_first_name_shows_the_username(
    client, worker, round_, houses
):
    nameless = UserFactory(first_name="", username="invaller7")
    DoorKnockFactory(
        address=houses[3],
        knocked_at=local(2025, 9, 22, 10, 15),
        outcome=DoorKnock.Outcome.NOT_HOME,
        worker=nameless,
        second_worker=worker,
    )
    client.force_login(worker)
    content = client.get(reverse("contacts:round_detail", args=[round_.pk])).content.decode()
    line = re.search(
        r"Mon 22-9-2025 10:15 \(morning\) · <span[^>]*>not home</span> · (.*?)</li>",
        card(content, houses[3]),
    )
    assert line
    assert line.group(1) == f"invaller7, {worker.first_name}"


def test_the_round_page_writes_the_attempts_in_dutch_too(client, worker, round_, houses):
    """The attempts and the outcome buttons' name come from template tags in
    Python: in the request's language like the rest of the page."""
    for day in (22, 23, 24, 25):
        DoorKnockFactory(
            address=houses[3],
            knocked_at=local(2025, 9, day, 10, 15),
            outcome=DoorKnock.Outcome.NOT_HOME,
            worker=worker,
        )
    client.force_login(worker)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    content = client.get(reverse("contacts:round_detail", args=[round_.pk])).content.decode()
    three = re.sub(r"\s+", " ", card(content, houses[3]))
    assert "<summary>4 pogingen tot nu toe · 25-9 niet thuis</summary>" in three
    assert "do 25-9-2025 10:15 (ochtend)" in three
    assert "en nog 1 eerdere poging" in three
    assert f"Uitkomst bij {houses[3].street.name} {houses[3].house_number}" in three


def test_a_door_with_an_addition_is_named_with_it_everywhere_on_its_card(
    client, worker, neighbourhood, street
):
    """The number as on the door ("12-A"): the card's heading, the line of
    a door done in this round, the undo button, the label the phone keeps
    offline."""
    door = AddressFactory(street=street, house_number=12, addition="A")
    round_ = RoundFactory(neighbourhood=neighbourhood, worker=worker, addresses=[door])
    client.force_login(worker)
    url = reverse("contacts:round_detail", args=[round_.pk])
    before = card(client.get(url).content.decode(), door)
    assert re.search(r'id="adres-\d+-nummer">\s*<span[^>]*>Kastanjelaan</span>\s*12-A\s*<', before)
    assert 'name="offline_label" value="Kastanjelaan 12-A"' in before
    knock(client, round_, door)
    after = client.get(url).content.decode()
    assert re.search(r'<span class="fw-semibold">12-A</span>', card(after, door))
    assert "Undo Kastanjelaan 12-A" in after
