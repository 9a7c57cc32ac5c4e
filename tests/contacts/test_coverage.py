"""Coverage per neighbourhood and per street (contacts.selectors.coverage,
contacts.views.coverage), checked against a small hand-made neighbourhood."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import DoorKnock
from contacts.selectors.coverage import coverage_per_neighbourhood, coverage_per_street
from contacts.services.rounds import door_knock_record
from tests.accounts.factories import UserFactory
from tests.contacts.factories import (
    ConversationFactory,
    DoorKnockFactory,
    ResidentFactory,
    RoundFactory,
)
from tests.neighbourhoods.factories import (
    AddressFactory,
    MembershipFactory,
    NeighbourhoodFactory,
    StreetFactory,
    TeamFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

NOT_HOME = DoorKnock.Outcome.NOT_HOME


def moment(day, hour=12):
    return timezone.make_aware(datetime.datetime(2025, 3, day, hour))


def seen(resident, when, worker):
    """A conversation with ``resident``, and its mark on the resident, as
    the conversation service leaves them."""
    ConversationFactory(
        neighbourhood=resident.neighbourhood,
        residents=[resident],
        workers=[worker],
        happened_at=when,
    )
    resident.last_seen_at = when
    resident.save()


@pytest.fixture
def streets(neighbourhood, worker, other_address, other_worker):
    """Oosterbuurt, by hand:

    Kastanjelaan 1  spoke at the door (3 March)                    reached
    Kastanjelaan 2  not home twice (4 and 5 March)                 unanswered only
    Kastanjelaan 3  not home (6 March); a resident there had a
                    conversation (10 March)                        reached
    Kastanjelaan 4  declined (7 March)                             knocked, not reached
    Kastanjelaan 5  nothing                                        never knocked
    Beukenlaan 1    no knock; a resident there had a phone
                    conversation (2 March)                         reached, never knocked
    Beukenlaan 2    a resident, never seen                         never knocked
    Lindelaan 1     nothing                                        never knocked
    Eikenlaan       no addresses

    Residents (active): K3 speaks nl and ar, B1 ar, B2 tr, B2's
    housemate gave no consent (no languages); a moved resident at K5
    who spoke pl does not count. Westerbuurt has a spoken knock of its own.
    """
    kastanjelaan = StreetFactory(neighbourhood=neighbourhood, name="Kastanjelaan")
    beukenlaan = StreetFactory(neighbourhood=neighbourhood, name="Beukenlaan")
    lindelaan = StreetFactory(neighbourhood=neighbourhood, name="Lindelaan")
    eikenlaan = StreetFactory(neighbourhood=neighbourhood, name="Eikenlaan")
    k = {n: AddressFactory(street=kastanjelaan, house_number=n) for n in range(1, 6)}
    b = {n: AddressFactory(street=beukenlaan, house_number=n) for n in range(1, 3)}
    AddressFactory(street=lindelaan, house_number=1)

    def knock(address, day, outcome):
        DoorKnockFactory(address=address, knocked_at=moment(day), outcome=outcome, worker=worker)

    knock(k[1], 3, DoorKnock.Outcome.SPOKE)
    knock(k[2], 4, NOT_HOME)
    knock(k[2], 5, NOT_HOME)
    knock(k[3], 6, NOT_HOME)
    knock(k[4], 7, DoorKnock.Outcome.DECLINED)
    seen(ResidentFactory(address=k[3], languages=["nld", "ara"]), moment(10), worker)
    ResidentFactory(address=k[5], languages=["pol"], status="moved")
    seen(ResidentFactory(address=b[1], languages=["ara"]), moment(2), worker)
    ResidentFactory(address=b[2], languages=["tur"])
    ResidentFactory(address=b[2], languages=[], may_store=False, may_match=False)
    DoorKnockFactory(
        address=other_address,
        knocked_at=moment(20),
        outcome=DoorKnock.Outcome.SPOKE,
        worker=other_worker,
    )
    return kastanjelaan, beukenlaan, lindelaan, eikenlaan


def text(html):
    """The page's text, tags dropped and white space collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" :", ":")


def figures(coverage):
    return (
        coverage.addresses,
        coverage.reached,
        coverage.reached_percentage,
        coverage.unanswered_only,
        coverage.never_knocked,
        coverage.last_visit,
    )


# The figures


def test_the_neighbourhood_figures_are_exact(worker, neighbourhood, streets):
    (oosterbuurt,) = coverage_per_neighbourhood(user=worker)
    assert oosterbuurt == neighbourhood
    # 8 addresses; reached K1, K3, B1 (3/8 = 37.5 %); unanswered only K2;
    # never knocked K5, B1, B2, L1; last visit the conversation at K3.
    assert figures(oosterbuurt.coverage) == (8, 3, 38, 1, 4, moment(10))
    languages = [(lang.code, lang.residents) for lang in oosterbuurt.coverage.languages]
    assert languages == [("ara", 2), ("nld", 1), ("tur", 1), ("", 1)]


def test_the_street_figures_are_exact_and_unvisited_streets_come_first(neighbourhood, streets):
    kastanjelaan, beukenlaan, lindelaan, eikenlaan = streets
    result, languages = coverage_per_street(neighbourhood=neighbourhood)
    # Never visited first (by name), then the longest unvisited.
    assert result == [eikenlaan, lindelaan, beukenlaan, kastanjelaan]
    by_street = {street: figures(street.coverage) for street in result}
    assert by_street[kastanjelaan] == (5, 2, 40, 1, 1, moment(10))
    assert by_street[beukenlaan] == (2, 1, 50, 0, 2, moment(2))
    assert by_street[lindelaan] == (1, 0, 0, 0, 1, None)
    assert by_street[eikenlaan] == (0, 0, 0, 0, 0, None)
    assert [(lang.code, lang.residents) for lang in languages] == [
        ("ara", 2),
        ("nld", 1),
        ("tur", 1),
        ("", 1),
    ]


def test_a_knock_recorded_by_the_service_counts_at_once(worker, neighbourhood, streets):
    kastanjelaan = streets[0]
    k5, l1 = kastanjelaan.addresses.get(house_number=5), streets[2].addresses.get()
    round = RoundFactory(neighbourhood=neighbourhood, worker=worker, addresses=[k5, l1])
    door_knock_record(
        round=round, address=k5, outcome=NOT_HOME, worker=worker, knocked_at=moment(11)
    )
    door_knock_record(
        round=round, address=l1, outcome="spoke", worker=worker, knocked_at=moment(12)
    )
    (oosterbuurt,) = coverage_per_neighbourhood(user=worker)
    # K5 joins the unanswered only, L1 the reached; two fewer never knocked.
    assert figures(oosterbuurt.coverage) == (8, 4, 50, 2, 2, moment(12))


def test_an_admin_sees_every_neighbourhood(
    admin_user, neighbourhood, other_neighbourhood, streets
):
    result = {n: n.coverage for n in coverage_per_neighbourhood(user=admin_user)}
    assert set(result) == {neighbourhood, other_neighbourhood}
    assert figures(result[other_neighbourhood]) == (1, 1, 100, 0, 0, moment(20))


# coverage


def test_the_coverage_page_requires_login(client):
    response = client.get(reverse("contacts:coverage"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_coverage_page_shows_my_neighbourhoods(client, worker, neighbourhood, streets):
    client.force_login(worker)
    response = client.get(reverse("contacts:coverage"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Oosterbuurt" in content
    assert "Westerbuurt" not in content
    assert "38%" in content
    assert "reached (3 of 8 addresses)" in content
    assert "Arabic: 2 residents" in text(content)
    assert "not known: 1 resident" in text(content)
    assert reverse("contacts:coverage_neighbourhood", args=[neighbourhood.pk]) in content


def test_the_coverage_pages_query_count_does_not_grow_with_rows(
    client, worker, team, streets, django_assert_num_queries
):
    client.force_login(worker)
    # savepoint (ATOMIC_REQUESTS), session, user, neighbourhoods, address
    # figures per neighbourhood, languages per neighbourhood, the team
    # members' languages, release savepoint
    with django_assert_num_queries(8):
        client.get(reverse("contacts:coverage"))
    for n in range(3):
        more = NeighbourhoodFactory()
        team.neighbourhoods.add(more)
        address = AddressFactory(street__neighbourhood=more)
        DoorKnockFactory(address=address, worker=worker)
        ResidentFactory(address=address, languages=["eng"])
        MembershipFactory(team=team, user=UserFactory(languages=["eng", ("tur", "pol", "som")[n]]))
    with django_assert_num_queries(8):
        response = client.get(reverse("contacts:coverage"))
    assert len(response.context["neighbourhoods"]) == 4


# coverage_neighbourhood


def test_the_street_page_requires_login(client, neighbourhood):
    response = client.get(reverse("contacts:coverage_neighbourhood", args=[neighbourhood.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_street_page_shows_the_streets_never_visited_first(
    client, worker, neighbourhood, streets
):
    client.force_login(worker)
    response = client.get(reverse("contacts:coverage_neighbourhood", args=[neighbourhood.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    names = re.findall(r'<h3 class="h6 mb-2">(\w+)</h3>', content)
    assert names == ["Eikenlaan", "Lindelaan", "Beukenlaan", "Kastanjelaan"]
    kastanjelaan = content[content.index("Kastanjelaan") :]
    assert "reached (2 of 5 addresses)" in kastanjelaan
    assert "Turkish: 1 resident" in text(content)


def test_another_teams_neighbourhood_is_not_found(client, other_worker, neighbourhood):
    client.force_login(other_worker)
    response = client.get(reverse("contacts:coverage_neighbourhood", args=[neighbourhood.pk]))
    assert response.status_code == 404


def test_the_street_pages_query_count_is_the_same_for_2_and_10_streets(
    client, django_assert_num_queries
):
    worker = UserFactory()

    def page_for(street_count):
        neighbourhood = NeighbourhoodFactory()
        MembershipFactory(user=worker, team=TeamFactory(neighbourhoods=[neighbourhood]))
        for n in range(street_count):
            address = AddressFactory(street__neighbourhood=neighbourhood)
            DoorKnockFactory(address=address, worker=worker, outcome=NOT_HOME)
            ResidentFactory(address=address, languages=["nld"], last_seen_at=moment(n + 1))
            MembershipFactory(team=neighbourhood.teams.get(), user=UserFactory(languages=["nld"]))
        return reverse("contacts:coverage_neighbourhood", args=[neighbourhood.pk])

    client.force_login(worker)
    # savepoint (ATOMIC_REQUESTS), session, user, the neighbourhood, its
    # streets, address figures per street, languages, the team members'
    # languages, release savepoint
    two, ten = page_for(2), page_for(10)
    with django_assert_num_queries(9):
        assert client.get(two).status_code == 200
    with django_assert_num_queries(9):
        response = client.get(ten)
    assert len(response.context["streets"]) == 10


# Who on the team speaks the residents' languages


def test_each_language_says_who_on_the_team_speaks_it(worker, team, neighbourhood, streets):
    worker.languages = ["nld", "ara", "eng"]
    worker.save()
    MembershipFactory(team=team, user=UserFactory(first_name="Karim", languages=["ary", "ara"]))
    MembershipFactory(
        team=team, user=UserFactory(first_name="Gone", languages=["tur"], is_active=False)
    )
    other = TeamFactory(neighbourhoods=[NeighbourhoodFactory()])
    MembershipFactory(team=other, user=UserFactory(first_name="Elsewhere", languages=["tur"]))
    (oosterbuurt,) = coverage_per_neighbourhood(user=worker)
    reach = {
        lang.code: (lang.team_speaks, lang.speakers) for lang in oosterbuurt.coverage.languages
    }
    assert reach == {
        "ara": (True, ["Karim", "Wendy"]),
        "nld": (True, ["Wendy"]),
        # Nobody active on this neighbourhood's teams speaks Turkish.
        "tur": (False, []),
        "": (None, []),
    }
    _streets, languages = coverage_per_street(neighbourhood=neighbourhood)
    assert [(lang.code, lang.team_speaks) for lang in languages] == [
        ("ara", True),
        ("nld", True),
        ("tur", False),
        ("", None),
    ]


def test_dutch_counts_as_spoken_by_the_team_even_when_nobody_ticked_it(
    worker, neighbourhood, streets
):
    (oosterbuurt,) = coverage_per_neighbourhood(user=worker)
    dutch = next(lang for lang in oosterbuurt.coverage.languages if lang.code == "nld")
    assert (dutch.team_speaks, dutch.speakers) == (True, [])


def test_the_coverage_page_shows_the_languages_nobody_on_the_team_speaks(
    client, worker, neighbourhood, streets
):
    worker.languages = ["ara"]
    worker.save()
    client.force_login(worker)
    page = text(client.get(reverse("contacts:coverage")).content.decode())
    assert "Arabic: 2 residents ✓ spoken by Wendy" in page
    assert "Turkish: 1 resident ✗ nobody on the team speaks it" in page
