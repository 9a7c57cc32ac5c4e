"""The suggestion engine (matches.suggestions) and its reasons
(matches.reasons), on made-up data: each component of the score, each
exclusion, the two directions, scoping to a user, and the query count."""

import re

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Q
from django.utils import timezone, translation

from buurtwerk.languages import LANGUAGES
from contacts.models import Availability, Category, Need, Resident, Talent
from contacts.services.initiatives import initiative_update
from contacts.services.residents import resident_update
from matches import suggestions
from matches.models import Match
from matches.reasons import Reason
from matches.suggestions import (
    NO_COMMON_LANGUAGE_FACTOR,
    SAME_DISTRICT,
    SAME_NEIGHBOURHOOD,
    SAME_STREET,
    SHARED_INTEREST_FACTOR,
    WEIGHTS,
    score_pair,
    score_pairs,
    suggest_for_need,
    suggest_for_talent,
)
from tests.accounts.factories import UserFactory
from tests.contacts.factories import (
    CategoryFactory,
    InitiativeFactory,
    NeedFactory,
    ResidentFactory,
    TalentFactory,
)
from tests.matches.factories import MatchFactory
from tests.neighbourhoods.factories import AddressFactory, NeighbourhoodFactory, StreetFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


@pytest.fixture
def street(neighbourhood):
    """In the worker's neighbourhood (conftest)."""
    return StreetFactory(neighbourhood=neighbourhood, name="Dorpsstraat")


@pytest.fixture
def other_street(neighbourhood):
    return StreetFactory(neighbourhood=neighbourhood, name="Kerkweg")


@pytest.fixture
def next_door(neighbourhood):
    """Another neighbourhood of the same district, of no team."""
    return NeighbourhoodFactory(district=neighbourhood.district, name="Naastbuurt")


@pytest.fixture
def next_door_street(next_door):
    return StreetFactory(neighbourhood=next_door, name="Molenpad")


@pytest.fixture
def far_street(other_neighbourhood):
    """In another district (the other team's neighbourhood)."""
    return StreetFactory(neighbourhood=other_neighbourhood, name="Verweg")


@pytest.fixture
def garden(db):
    return CategoryFactory(
        slug="proeftuin",
        name="Proeftuin",
        name_en="Test garden",
        gift=Category.Gift.HANDS,
        keywords=["tuin", "gras", "heg knippen"],
    )


@pytest.fixture
def company(db):
    return CategoryFactory(
        slug="proefgezelschap",
        name="Proefgezelschap",
        name_en="Test company",
        gift=Category.Gift.HEART,
        keywords=["koffie", "praatje"],
    )


@pytest.fixture
def computers(db):
    return CategoryFactory(
        slug="proefcomputer",
        name="Proefcomputers",
        name_en="Test computers",
        gift=Category.Gift.HEAD,
        keywords=["laptop", "computer"],
    )


def person(street, name, **fields):
    return ResidentFactory(address=AddressFactory(street=street), name=name, **fields)


@pytest.fixture
def ans(street):
    return person(street, "Ans Vries")


@pytest.fixture
def lawn(ans, garden):
    return NeedFactory(resident=ans, category=garden, text="Kan het gras niet meer maaien")


def helper(street, name, category, text="Werkt graag in de tuin", **fields):
    """A resident with one open talent."""
    resident = person(street, name, **fields)
    TalentFactory(resident=resident, category=category, text=text)
    return resident


def names(candidates):
    return [candidate.owner.name for candidate in candidates]


def by_name(candidates):
    return {candidate.owner.name: candidate for candidate in candidates}


def texts(candidate):
    return [reason.text for reason in candidate.reasons]


# What a suggestion looks like


def test_it_suggests_a_neighbour_with_a_talent_of_the_same_category_with_reasons(
    lawn, street, garden
):
    erik = helper(street, "Erik Hof", garden)

    [candidate] = suggest_for_need(lawn)

    assert candidate.resident == erik
    assert candidate.initiative is None
    assert candidate.talent.text == "Werkt graag in de tuin"
    assert candidate.need == lawn
    assert texts(candidate) == [
        "same category: Test garden",
        "same street",
        "shares language: Dutch",
    ]
    assert candidate.components["category"] == 1
    assert candidate.components["proximity"] == SAME_STREET
    assert 0 < candidate.score <= 1


def test_the_score_is_the_weighted_sum_of_its_components(lawn, street, garden):
    helper(street, "Erik Hof", garden, text="Maait het gras")
    [candidate] = suggest_for_need(lawn)
    expected = sum(WEIGHTS[name] * value for name, value in candidate.components.items())
    assert candidate.score == pytest.approx(expected, abs=0.001)


def test_it_suggests_the_best_talent_of_a_resident_once(lawn, street, garden):
    erik = helper(street, "Erik Hof", garden)
    TalentFactory(resident=erik, category=garden, text="Maait graag het gras")
    [candidate] = suggest_for_need(lawn)
    assert candidate.talent.text == "Maait graag het gras"


def test_it_is_deterministic_and_ties_go_to_the_older_talent(lawn, street, garden):
    first = helper(street, "Eerste Hof", garden)
    second = helper(street, "Tweede Hof", garden)
    assert names(suggest_for_need(lawn)) == [first.name, second.name]
    assert names(suggest_for_need(lawn)) == [first.name, second.name]


def test_limit_keeps_the_best(lawn, street, other_street, garden):
    helper(other_street, "Verder Weg", garden)
    helper(street, "Dichtbij", garden)
    assert names(suggest_for_need(lawn, limit=1)) == ["Dichtbij"]


# Each component


def test_another_category_s_talent_counts_half_when_it_uses_the_category_s_keywords(
    lawn, street, computers
):
    # Both share a word with the need; one also uses keywords of its category.
    helper(street, "Hans Heg", computers, text="Gras en de heg knippen bij de computerclub")
    helper(street, "Piet Pc", computers, text="Wil maaien voor de computerclub")

    found = by_name(suggest_for_need(lawn))

    assert found["Hans Heg"].components["category"] == 0.5
    assert "words that fit the category: Test garden" in texts(found["Hans Heg"])
    assert found["Piet Pc"].components["category"] == 0
    assert not any("category" in text for text in texts(found["Piet Pc"]))


def test_shared_words_raise_the_score_and_are_named(lawn, street, garden):
    helper(street, "Erik Hof", garden, text="Werkt graag in de tuin")
    helper(street, "Gras Man", garden, text="Maait het gras bij de buren")

    found = by_name(suggest_for_need(lawn))

    assert found["Gras Man"].components["words"] > found["Erik Hof"].components["words"]
    assert "similar words: gras" in texts(found["Gras Man"])
    assert not any(text.startswith("similar") for text in texts(found["Erik Hof"]))
    assert names(suggest_for_need(lawn))[0] == "Gras Man"


def test_words_of_another_category_count_in_the_neighbourhood_only(
    lawn, street, next_door_street, computers
):
    helper(street, "Dicht Gras", computers, text="Ik maai gras voor de computerclub")
    helper(next_door_street, "Ver Gras", computers, text="Ik maai gras voor de computerclub")
    assert names(suggest_for_need(lawn)) == ["Dicht Gras"]


def test_filler_words_do_not_count_as_shared_words(street, garden, ans):
    need = NeedFactory(resident=ans, category=garden, text="Zoekt graag hulp in de buurt")
    helper(street, "Erik Hof", garden, text="Helpt graag in de buurt")
    [candidate] = suggest_for_need(need)
    assert not any(text.startswith("similar words") for text in texts(candidate))


def test_trigram_similarity_catches_words_the_stemmer_does_not_join(lawn, street, garden):
    helper(street, "Erik Hof", garden, text="Grasmaaien")
    [candidate] = suggest_for_need(lawn)
    assert candidate.components["words"] == pytest.approx(0.3, abs=0.01)
    assert "similar wording" in texts(candidate)


def test_proximity_is_street_then_neighbourhood_then_district(
    lawn, street, other_street, next_door_street, far_street, garden
):
    helper(far_street, "Andere Wijk", garden)
    helper(next_door_street, "Zelfde Wijk", garden)
    helper(other_street, "Zelfde Buurt", garden)
    helper(street, "Zelfde Straat", garden)

    candidates = suggest_for_need(lawn)

    assert names(candidates) == ["Zelfde Straat", "Zelfde Buurt", "Zelfde Wijk"]
    assert [c.components["proximity"] for c in candidates] == [
        SAME_STREET,
        SAME_NEIGHBOURHOOD,
        SAME_DISTRICT,
    ]
    assert [texts(c)[1] for c in candidates] == [
        "same street",
        "same neighbourhood",
        "same district",
    ]


def test_a_shared_language_other_than_dutch_counts_most(street, garden):
    mo = person(street, "Mo Amrani", languages=["ara", "nld"])
    need = NeedFactory(resident=mo, category=garden, text="Kan het gras niet meer maaien")
    helper(street, "Sara Arabisch", garden, languages=["ara"])
    helper(street, "Joke Nederlands", garden, languages=["nld"])
    helper(street, "Ola Pools", garden, languages=["pol"])

    found = by_name(suggest_for_need(need))

    assert found["Sara Arabisch"].components["language"] == 1
    assert found["Joke Nederlands"].components["language"] == 0.5
    assert found["Ola Pools"].components["language"] == 0
    assert "shares language: Arabic" in texts(found["Sara Arabisch"])
    assert "shares language: Dutch" in texts(found["Joke Nederlands"])
    assert not any("language" in text for text in texts(found["Ola Pools"]))
    assert names(suggest_for_need(need))[0] == "Sara Arabisch"


def language(name):
    """The code of a language by its English name (``buurtwerk.languages``),
    whatever the codes are."""
    with translation.override("en"):
        return {str(label): code for code, label in LANGUAGES}[name]


def weighted(candidate):
    """The weighted sum of a candidate's components: its score but for a factor."""
    return sum(WEIGHTS[name] * value for name, value in candidate.components.items())


def test_a_resident_who_speaks_no_dutch_gets_helpers_who_speak_their_language_first(
    street, next_door_street, garden
):
    arabic, dutch = language("Arabic"), language("Dutch")
    fatima = person(street, "Fatima Amrani", languages=[arabic])
    need = NeedFactory(resident=fatima, category=garden, text="Kan het gras niet meer maaien")
    # In her street, with her words: all but the language.
    helper(street, "Joke Nederlands", garden, text="Kan het gras maaien", languages=[dutch])
    helper(street, "Onbekend Taal", garden, text="Kan het gras maaien", languages=[])
    # A neighbourhood away, other words: only the language.
    helper(next_door_street, "Sara Arabisch", garden, languages=[arabic, dutch])

    found = suggest_for_need(need)

    assert names(found) == ["Sara Arabisch", "Joke Nederlands", "Onbekend Taal"]
    sara, joke, unknown = found
    assert "shares language: Arabic" in texts(sara)
    assert sara.score == pytest.approx(weighted(sara), abs=1e-3)
    # Without the rule Joke would come first; with it she keeps half.
    assert weighted(joke) > sara.score
    for other in (joke, unknown):
        assert other.score == pytest.approx(NO_COMMON_LANGUAGE_FACTOR * weighted(other), abs=1e-3)
    # The other way round, from each helper's talent: the same rule.
    [for_sara] = suggest_for_talent(sara.talent)
    [for_joke] = suggest_for_talent(joke.talent)
    assert (for_sara.need, for_joke.need) == (need, need)
    assert for_sara.score == pytest.approx(weighted(for_sara), abs=1e-3)
    assert for_joke.score == pytest.approx(
        NO_COMMON_LANGUAGE_FACTOR * weighted(for_joke), abs=1e-3
    )


def test_a_resident_who_also_speaks_dutch_is_ranked_as_before(street, next_door_street, garden):
    arabic, dutch = language("Arabic"), language("Dutch")
    mo = person(street, "Mo Amrani", languages=[arabic, dutch])
    need = NeedFactory(resident=mo, category=garden, text="Kan het gras niet meer maaien")
    helper(street, "Joke Nederlands", garden, text="Kan het gras maaien", languages=[dutch])
    helper(next_door_street, "Sara Arabisch", garden, languages=[arabic])

    found = suggest_for_need(need)

    assert names(found) == ["Joke Nederlands", "Sara Arabisch"]
    for candidate in found:
        assert candidate.score == pytest.approx(weighted(candidate), abs=1e-3)


def test_overlapping_availability_counts(street, garden, ans):
    need = NeedFactory(
        resident=ans,
        category=garden,
        text="Kan het gras niet meer maaien",
        availability=[Availability.WEEKDAY_MORNING, Availability.WEEKEND_AFTERNOON],
    )
    morning = person(street, "Ochtend Mens")
    TalentFactory(
        resident=morning,
        category=garden,
        availability=[Availability.WEEKDAY_MORNING, Availability.WEEKEND_AFTERNOON],
    )
    evening = person(street, "Avond Mens")
    TalentFactory(resident=evening, category=garden, availability=[Availability.WEEKDAY_EVENING])

    found = by_name(suggest_for_need(need))

    assert found["Ochtend Mens"].components["availability"] == 1
    assert found["Avond Mens"].components["availability"] == 0
    assert "both available on weekday mornings, weekend afternoons" in texts(found["Ochtend Mens"])
    assert names(suggest_for_need(need))[0] == "Ochtend Mens"


def test_reciprocity_when_the_candidate_needs_what_the_resident_offers(
    lawn, ans, street, garden, computers
):
    TalentFactory(resident=ans, category=computers, text="Helpt met de laptop")
    plain = helper(street, "Gewoon Hof", garden)
    mutual = helper(street, "Wederzijds Hof", garden)
    NeedFactory(resident=mutual, category=computers, text="Snapt de computer niet")

    found = by_name(suggest_for_need(lawn))

    assert found[mutual.name].components["reciprocity"] == 1
    assert found[plain.name].components["reciprocity"] == 0
    assert "also needs something Ans Vries offers: Test computers" in texts(found[mutual.name])
    assert names(suggest_for_need(lawn))[0] == mutual.name


def test_a_shared_interest_in_a_gift_of_the_heart_is_suggested(street, company, ans):
    need = NeedFactory(resident=ans, category=company, text="Voelt zich eenzaam")
    bep = person(street, "Bep Alleen")
    NeedFactory(resident=bep, category=company, text="Zou graag koffie drinken met iemand")
    mien = helper(street, "Mien Koffie", company, text="Gaat graag op de koffie")

    candidates = suggest_for_need(need)

    assert names(candidates) == [mien.name, bep.name]
    shared = candidates[1]
    assert shared.talent is None
    assert shared.resident == bep
    assert shared.shared_need_text == "Zou graag koffie drinken met iemand"
    assert texts(shared)[0] == "looking for the same: Test company"
    unshared = sum(WEIGHTS[name] * value for name, value in shared.components.items())
    assert shared.score == pytest.approx(unshared * SHARED_INTEREST_FACTOR, abs=0.001)


def test_a_shared_interest_counts_in_the_neighbourhood_only(
    street, next_door_street, company, ans
):
    need = NeedFactory(resident=ans, category=company, text="Voelt zich eenzaam")
    NeedFactory(resident=person(street, "Bep Dichtbij"), category=company)
    NeedFactory(resident=person(next_door_street, "Bep Verder"), category=company)
    assert names(suggest_for_need(need)) == ["Bep Dichtbij"]


def test_no_shared_interest_for_a_gift_of_the_hands(lawn, street, garden):
    other = person(street, "Ook Gras")
    NeedFactory(resident=other, category=garden, text="Kan het gras niet meer maaien")
    assert suggest_for_need(lawn) == []


def test_an_initiative_offering_it_in_the_district_is_suggested(
    lawn, neighbourhood, next_door, other_neighbourhood, garden
):
    garden_club = InitiativeFactory(name="Buurttuin", neighbourhoods=[next_door])
    TalentFactory(resident=None, initiative=garden_club, category=garden, text="Samen tuinieren")
    far_club = InitiativeFactory(name="Verre tuin", neighbourhoods=[other_neighbourhood])
    TalentFactory(resident=None, initiative=far_club, category=garden, text="Samen tuinieren")

    [candidate] = suggest_for_need(lawn)

    assert candidate.initiative == garden_club
    assert candidate.resident is None
    assert candidate.talent.text == "Samen tuinieren"
    assert texts(candidate)[:3] == [
        "offered by the initiative Buurttuin",
        "same category: Test garden",
        "same district",
    ]


def test_a_need_of_an_initiative_gets_residents_of_its_district(next_door, street, garden):
    club = InitiativeFactory(name="Buurttuin", neighbourhoods=[next_door])
    need = NeedFactory(resident=None, initiative=club, category=garden, text="Zoekt tuinier")
    erik = helper(street, "Erik Hof", garden)
    [candidate] = suggest_for_need(need)
    assert candidate.resident == erik
    assert "same district" in texts(candidate)


# Never suggested


def test_nothing_when_the_resident_with_the_need_did_not_consent_to_matching(street, garden, ans):
    Resident.objects.filter(pk=ans.pk).update(may_match=False)
    need = NeedFactory(resident=ans, category=garden, text="Kan het gras niet meer maaien")
    helper(street, "Erik Hof", garden)
    assert suggest_for_need(need) == []


def test_a_candidate_who_did_not_consent_to_matching_is_left_out(lawn, street, garden):
    helper(street, "Ton Wolf", garden, may_match=False)
    erik = helper(street, "Erik Hof", garden)
    assert names(suggest_for_need(lawn)) == [erik.name]


def test_the_resident_is_never_suggested_for_their_own_need(lawn, ans, garden):
    TalentFactory(resident=ans, category=garden, text="Werkt graag in de tuin")
    assert suggest_for_need(lawn) == []


@pytest.mark.parametrize("status", [Resident.Status.MOVED, Resident.Status.ANONYMISED])
def test_moved_and_anonymised_residents_are_left_out(lawn, ans, street, garden, status):
    helper(street, "Weg Hof", garden, status=status)
    assert suggest_for_need(lawn) == []
    Resident.objects.filter(pk=ans.pk).update(status=status)
    helper(street, "Erik Hof", garden)
    assert suggest_for_need(lawn) == []


@pytest.mark.parametrize("status", ["matched", "closed"])
def test_talents_and_needs_that_are_not_open_are_left_out(lawn, street, garden, status):
    erik = person(street, "Erik Hof")
    TalentFactory(resident=erik, category=garden, status=status)
    assert suggest_for_need(lawn) == []
    TalentFactory(resident=erik, category=garden)
    lawn.status = status
    lawn.save()
    assert suggest_for_need(lawn) == []


@pytest.mark.parametrize("status", Match.Status.in_progress())
def test_a_need_with_a_match_in_progress_is_taken(lawn, street, garden, status):
    erik = helper(street, "Erik Hof", garden)
    helper(street, "Kees Ris", garden)
    MatchFactory(need=lawn, talent=erik.talents.get(), status=status)
    assert suggest_for_need(lawn) == []


@pytest.mark.parametrize("status", [Match.Status.REJECTED, Match.Status.ENDED])
def test_a_candidate_matched_before_with_this_need_is_not_suggested_again(
    lawn, street, garden, status
):
    erik = helper(street, "Erik Hof", garden)
    kees = helper(street, "Kees Ris", garden)
    MatchFactory(
        need=lawn,
        talent=erik.talents.get(),
        status=status,
        outcome=Match.Outcome.NO_CLICK if status == Match.Status.ENDED else "",
    )
    assert names(suggest_for_need(lawn)) == [kees.name]


def test_inactive_initiatives_and_those_the_resident_belongs_to_are_left_out(
    lawn, ans, neighbourhood, garden
):
    sleeping = InitiativeFactory(name="Slapend", neighbourhoods=[neighbourhood])
    sleeping.is_active = False
    sleeping.save()
    TalentFactory(resident=None, initiative=sleeping, category=garden)
    own = InitiativeFactory(name="Eigen club", neighbourhoods=[neighbourhood])
    own.members.create(resident=ans)
    TalentFactory(resident=None, initiative=own, category=garden)
    assert suggest_for_need(lawn) == []


def test_unrelated_talents_are_not_suggested(lawn, street, computers):
    helper(street, "Piet Pc", computers, text="Repareert laptops")
    assert suggest_for_need(lawn) == []


# Scoping to a user


def test_a_user_sees_candidates_in_their_own_neighbourhoods_only(
    lawn, worker, street, next_door_street, garden, neighbourhood, next_door
):
    helper(street, "Erik Hof", garden)
    helper(next_door_street, "Naast Hof", garden)
    club = InitiativeFactory(name="Naastclub", neighbourhoods=[next_door])
    TalentFactory(resident=None, initiative=club, category=garden)

    assert names(suggest_for_need(lawn, user=worker)) == ["Erik Hof"]
    assert set(names(suggest_for_need(lawn))) == {"Erik Hof", "Naast Hof", "Naastclub"}


def test_an_admin_sees_every_candidate(lawn, admin_user, next_door_street, garden):
    helper(next_door_street, "Naast Hof", garden)
    assert names(suggest_for_need(lawn, user=admin_user)) == ["Naast Hof"]


def test_an_inactive_or_anonymous_user_sees_nothing(lawn, street, garden):
    from django.contrib.auth.models import AnonymousUser

    helper(street, "Erik Hof", garden)
    assert suggest_for_need(lawn, user=AnonymousUser()) == []
    assert suggest_for_need(lawn, user=UserFactory(is_active=False)) == []


# The other way round


def test_for_a_talent_it_suggests_open_needs_it_could_meet(street, next_door_street, garden):
    erik = helper(street, "Erik Hof", garden)
    talent = erik.talents.get()
    ans = person(street, "Ans Vries")
    NeedFactory(resident=ans, category=garden, text="Kan het gras niet meer maaien")
    gerda = person(next_door_street, "Gerda Lam")
    NeedFactory(resident=gerda, category=garden, text="De heg moet geknipt")
    taken = NeedFactory(resident=person(street, "Al Geholpen"), category=garden)
    MatchFactory(
        need=taken, talent=TalentFactory(resident=person(street, "Ander"), category=garden)
    )
    NeedFactory(resident=person(street, "Geen Toestemming", may_match=False), category=garden)

    candidates = suggest_for_talent(talent)

    assert names(candidates) == ["Ans Vries", "Gerda Lam"]
    assert candidates[0].talent == talent
    assert candidates[0].need.text == "Kan het gras niet meer maaien"
    assert texts(candidates[0])[:2] == ["same category: Test garden", "same street"]


def test_for_a_talent_reciprocity_is_what_the_candidate_offers(street, garden, computers):
    erik = helper(street, "Erik Hof", garden)
    NeedFactory(resident=erik, category=computers, text="Laptop doet raar")
    ans = person(street, "Ans Vries")
    NeedFactory(resident=ans, category=garden, text="Kan het gras niet meer maaien")
    TalentFactory(resident=ans, category=computers, text="Helpt met computers")

    [candidate] = suggest_for_talent(erik.talents.get(category=garden))

    assert candidate.components["reciprocity"] == 1
    assert "also offers something Erik Hof needs: Test computers" in texts(candidate)


def test_for_a_talent_an_initiative_needing_it_is_suggested(street, neighbourhood, garden):
    erik = helper(street, "Erik Hof", garden)
    club = InitiativeFactory(name="Buurttuin", neighbourhoods=[neighbourhood])
    NeedFactory(resident=None, initiative=club, category=garden, text="Zoekt een tuinier")

    [candidate] = suggest_for_talent(erik.talents.get())

    assert candidate.initiative == club
    assert texts(candidate)[:2] == [
        "needed by the initiative Buurttuin",
        "same category: Test garden",
    ]


def test_nothing_for_a_talent_of_a_resident_without_consent_to_matching(street, garden):
    ton = helper(street, "Ton Wolf", garden, may_match=False)
    NeedFactory(resident=person(street, "Ans Vries"), category=garden)
    assert suggest_for_talent(ton.talents.get()) == []


# Where the candidates are found: their residents' neighbourhoods, which
# their talents and needs keep (contacts migration 0007)


def test_a_resident_who_moves_is_suggested_where_they_live_now(
    lawn, street, next_door_street, far_street, garden, computers, worker
):
    mover = helper(far_street, "Verre Hof", garden)
    # Another category sharing a word: it counts in the neighbourhood only.
    words = helper(next_door_street, "Gras Pc", computers, text="Maait het gras")
    assert suggest_for_need(lawn) == []

    def move(resident, to):
        resident_update(
            resident=resident,
            expected_version=None,
            updated_by=worker,
            address=AddressFactory(street=to),
        )

    move(mover, next_door_street)
    [candidate] = suggest_for_need(lawn)
    assert candidate.resident == mover
    assert "same district" in texts(candidate)
    move(words, street)
    assert names(suggest_for_need(lawn)) == ["Gras Pc", "Verre Hof"]
    move(mover, far_street)
    assert names(suggest_for_need(lawn)) == ["Gras Pc"]
    # And the other way round: the needs of a resident who moved.
    assert names(suggest_for_talent(mover.talents.get())) == []
    move(mover, street)
    assert names(suggest_for_talent(mover.talents.get())) == ["Ans Vries"]


def test_an_initiative_is_suggested_where_it_is_active_now(
    lawn, neighbourhood, next_door, other_neighbourhood, garden, admin_user
):
    club = InitiativeFactory(name="Buurttuin", neighbourhoods=[other_neighbourhood])
    TalentFactory(resident=None, initiative=club, category=garden, text="Samen tuinieren")
    assert suggest_for_need(lawn) == []

    def active_in(*neighbourhoods):
        initiative_update(
            initiative=club, updated_by=admin_user, name=club.name, neighbourhoods=neighbourhoods
        )

    active_in(other_neighbourhood, next_door)
    [candidate] = suggest_for_need(lawn)
    assert (candidate.initiative, candidate.components["proximity"]) == (club, SAME_DISTRICT)
    active_in(neighbourhood)
    [candidate] = suggest_for_need(lawn)
    assert candidate.components["proximity"] == SAME_NEIGHBOURHOOD
    active_in(other_neighbourhood)
    assert suggest_for_need(lawn) == []


# Only who can still reach the best is compared word for word: the same result


@pytest.fixture
def crowd(lawn, ans, street, other_street, next_door_street, next_door, garden, computers):
    """For the lawn and for a talent: candidates whose scores without the
    words lie close together, and whose words tell them apart."""
    texts_ = [
        "Werkt graag in de tuin",
        "Maait het gras",
        "Grasmaaien",
        "Maait graag gras en knipt de heg",
        "Kan het gras maaien",
        "Snoeit hagen",
        "Harkt bladeren",
        "Kan niet meer maaien maar wel harken",
    ]
    streets = [street, other_street, next_door_street]
    for number, text in enumerate(texts_ * 2):
        resident = person(
            streets[number % 3],
            f"Helper{number:02} Hof",
            languages=["nld", "tur"] if number % 4 == 0 else ["nld"],
        )
        TalentFactory(
            resident=resident,
            category=garden,
            text=text,
            availability=[Availability.WEEKDAY_MORNING] if number % 5 == 0 else [],
        )
    helper(street, "Pc Gras", computers, text="Maait het gras naast de computerclub")
    club = InitiativeFactory(name="Buurttuin", neighbourhoods=[next_door])
    TalentFactory(resident=None, initiative=club, category=garden, text="Maait samen het gras")
    for number, text in enumerate(texts_):
        asking = person(streets[number % 3], f"Vrager{number} Hof")
        NeedFactory(resident=asking, category=garden, text=text)
    return lawn


def test_the_best_are_those_of_comparing_everyone_word_for_word(crowd, garden):
    """With a limit above the number of candidates everyone's words are
    compared; with a smaller one, only those of who can still reach the
    best: the first of the list are the same, with the same scores, but for
    the best initiative, which keeps a place (INITIATIVES_KEPT)."""
    talent = Talent.objects.get(resident__name="Helper01 Hof")
    for suggest, source in ((suggest_for_need, crowd), (suggest_for_talent, talent)):
        everyone = [as_listed(candidate) for candidate in suggest(source, limit=100)]
        assert len(everyone) >= 8
        assert len({candidate[4] for candidate in everyone}) > 4  # scores that differ
        for limit in range(1, len(everyone) + 1):
            best = [as_listed(candidate) for candidate in suggest(source, limit=limit)]
            assert best == with_an_initiative(everyone, limit), (suggest.__name__, limit)


def with_an_initiative(everyone, limit):
    """The first ``limit`` of ``everyone`` (as listed), the last of them
    giving way to the best initiative when none is among them and the
    limit leaves room for a resident too."""
    top = everyone[:limit]
    initiative = next((c for c in everyone if c[1] is not None), None)
    if limit <= suggestions.INITIATIVES_KEPT or initiative is None or initiative in top:
        return top
    return [*top[: limit - 1], initiative]


def test_the_best_initiative_keeps_a_place_among_the_suggestions(crowd):
    everyone = suggest_for_need(crowd, limit=100)
    initiatives = [c for c in everyone if c.initiative is not None]
    assert initiatives and everyone.index(initiatives[0]) >= 3  # residents score higher
    shown = suggest_for_need(crowd, limit=3)
    assert shown[-1].initiative == initiatives[0].initiative
    assert [c.resident for c in shown[:2]] == [c.resident for c in everyone[:2]]


# One candidate (score_pair, score_pairs)


def as_listed(candidate):
    return (
        candidate.resident,
        candidate.initiative,
        candidate.talent,
        candidate.need,
        candidate.score,
        candidate.reasons,
        candidate.components,
        candidate.shared_need_text,
    )


@pytest.fixture
def many_candidates(
    lawn, ans, street, other_street, next_door_street, neighbourhood, next_door, garden, computers
):
    """For the lawn: candidates of every kind the scoring tells apart."""
    TalentFactory(resident=ans, category=computers, text="Helpt met de laptop")
    erik = helper(street, "Erik Hof", garden, text="Maait het gras", languages=["nld"])
    NeedFactory(resident=erik, category=computers, text="Snapt de computer niet")
    TalentFactory(resident=erik, category=garden, text="Snoeit hagen")  # his second best
    TalentFactory(
        resident=person(other_street, "Zelfde Buurt"),
        category=garden,
        availability=[Availability.WEEKDAY_MORNING],
    )
    helper(next_door_street, "Naast Hof", garden, languages=["pol"])
    helper(street, "Hans Heg", computers, text="Gras en de heg knippen bij de computerclub")
    helper(street, "Grasmaaien Man", garden, text="Grasmaaien")
    club = InitiativeFactory(name="Buurttuin", neighbourhoods=[next_door])
    TalentFactory(resident=None, initiative=club, category=garden, text="Samen tuinieren")
    Need.objects.filter(pk=lawn.pk).update(availability=[Availability.WEEKDAY_MORNING])
    lawn.refresh_from_db()
    return lawn


def test_score_pair_gives_each_suggested_candidate_its_score_and_reasons(many_candidates):
    listed = suggest_for_need(many_candidates, limit=20)
    assert set(names(listed)) == {
        "Erik Hof",  # the same street, shared words, needs what Ans offers
        "Zelfde Buurt",  # the same neighbourhood, the same part of the week
        "Naast Hof",  # the same district, no shared language
        "Hans Heg",  # another category, with its keywords
        "Grasmaaien Man",  # similar wording only
        "Buurttuin",  # an initiative
    }
    codes = {reason.code for candidate in listed for reason in candidate.reasons}
    assert codes >= {
        "initiative_offers",
        "same_category",
        "category_words",
        "similar_words",
        "same_street",
        "same_neighbourhood",
        "same_district",
        "shared_language",
        "availability_overlap",
        "reciprocity",
    }
    for candidate in listed:
        paired = score_pair(many_candidates, talent=candidate.talent)
        assert as_listed(paired) == as_listed(candidate), candidate.owner
    pairs = [(many_candidates.pk, candidate.talent.pk, None) for candidate in listed]
    assert score_pairs(pairs) == [(c.score, c.reasons) for c in listed]


def test_score_pair_gives_a_shared_interest_its_score_and_reasons(street, company, ans):
    need = NeedFactory(resident=ans, category=company, text="Voelt zich eenzaam")
    bep = person(street, "Bep Alleen")
    shared = NeedFactory(resident=bep, category=company, text="Zou graag koffie drinken")
    helper(street, "Mien Koffie", company, text="Gaat graag op de koffie")
    mien, bep_listed = suggest_for_need(need)
    assert as_listed(score_pair(need, shared_need=shared)) == as_listed(bep_listed)
    assert as_listed(score_pair(need, talent=mien.talent)) == as_listed(mien)
    assert score_pairs([(need, None, shared), (need, mien.talent, None)]) == [
        (bep_listed.score, bep_listed.reasons),
        (mien.score, mien.reasons),
    ]


def test_score_pair_scores_the_talent_it_is_given_not_the_residents_best(lawn, street, garden):
    erik = helper(street, "Erik Hof", garden)
    best = TalentFactory(resident=erik, category=garden, text="Maait graag het gras")
    other = erik.talents.exclude(pk=best.pk).get()
    [listed] = suggest_for_need(lawn)
    assert listed.talent == best
    assert as_listed(score_pair(lawn, talent=best)) == as_listed(listed)
    assert score_pair(lawn, talent=other).score < listed.score


def test_score_pair_is_none_where_the_suggestions_propose_nothing(
    lawn, ans, street, next_door_street, neighbourhood, garden, company, computers
):
    own = TalentFactory(resident=ans, category=garden)
    unrelated = TalentFactory(resident=person(street, "Piet Pc"), category=computers)
    refused = TalentFactory(resident=person(street, "Ton Wolf", may_match=False), category=garden)
    closed = TalentFactory(resident=person(street, "Dicht Hof"), category=garden, status="closed")
    before = TalentFactory(resident=person(street, "Kees Ris"), category=garden)
    MatchFactory(need=lawn, talent=before, status=Match.Status.REJECTED)
    joined = InitiativeFactory(name="Eigen club", neighbourhoods=[neighbourhood])
    joined.members.create(resident=ans)
    joined_offer = TalentFactory(resident=None, initiative=joined, category=garden)
    for talent in (own, unrelated, refused, closed, before, joined_offer):
        assert score_pair(lawn, talent=talent) is None, talent.text
    # A shared interest of another neighbourhood, or of a gift of the hands.
    lonely = NeedFactory(resident=ans, category=company, text="Voelt zich eenzaam")
    away = NeedFactory(resident=person(next_door_street, "Bep Verder"), category=company)
    same_lawn = NeedFactory(resident=person(street, "Ook Gras"), category=garden)
    assert score_pair(lonely, shared_need=away) is None
    assert score_pair(lawn, shared_need=same_lawn) is None
    # Nothing for a need that is taken.
    erik = helper(street, "Erik Hof", garden)
    assert score_pair(lawn, talent=erik.talents.get()) is not None
    MatchFactory(need=lawn, talent=erik.talents.get(), status=Match.Status.PROPOSED)
    assert score_pair(lawn, talent=erik.talents.get()) is None
    assert score_pairs([(lawn.pk, erik.talents.get().pk, None)]) == [None]


def test_score_pair_scores_one_candidate_not_both_kinds(lawn, street, garden):
    talent = helper(street, "Erik Hof", garden).talents.get()
    with pytest.raises(TypeError):
        score_pair(lawn)
    with pytest.raises(TypeError):
        score_pair(lawn, talent=talent, shared_need=lawn)


def test_score_pairs_takes_one_query_per_batch_and_one_for_the_initiatives(
    lawn, street, next_door, garden, django_assert_num_queries, monkeypatch
):
    talents = [helper(street, f"Helper{n} Hof", garden).talents.get() for n in range(5)]
    club = InitiativeFactory(name="Buurttuin", neighbourhoods=[next_door])
    offer = TalentFactory(resident=None, initiative=club, category=garden, text="Samen tuinieren")
    pairs = [(lawn, talent, None) for talent in [*talents, offer]]
    listed = [score_pair(lawn, talent=talent) for talent in [*talents, offer]]
    expected = [(candidate.score, candidate.reasons) for candidate in listed]
    monkeypatch.setattr(suggestions, "PAIRS_PER_QUERY", 4)
    with django_assert_num_queries(3):
        # 1. the first four (SET LOCAL jit; EXECUTE x4), 2. the other two, 3. the initiatives
        assert score_pairs(pairs) == expected
    assert score_pairs([]) == []


def test_score_pair_takes_two_queries(lawn, street, garden, django_assert_num_queries):
    talent = helper(street, "Erik Hof", garden).talents.get()
    score_pair(lawn, talent=talent)  # prepared on the first call, in the same query
    with django_assert_num_queries(2):
        # 1. the scoring (SET LOCAL jit; EXECUTE), 2. the candidate's talent
        assert score_pair(lawn, talent=talent) is not None


# Queries


def test_it_takes_two_queries_however_many_candidates(
    lawn, street, garden, django_assert_num_queries
):
    helper(street, "Erik Hof", garden)
    suggest_for_need(lawn)  # the statement is prepared on the first call, in the same query
    with django_assert_num_queries(2):
        # 1. the scoring (SET LOCAL jit; EXECUTE), 2. the candidates' talents
        assert len(suggest_for_need(lawn)) == 1
    for number in range(8):
        helper(street, f"Helper{number} Hof", garden)
    with django_assert_num_queries(2):
        # the same two
        assert len(suggest_for_need(lawn)) == 9


def test_for_a_talent_it_takes_two_queries_however_many_candidates(
    street, garden, django_assert_num_queries
):
    talent = helper(street, "Erik Hof", garden).talents.get()
    NeedFactory(resident=person(street, "Ans Vries"), category=garden)
    suggest_for_talent(talent)  # prepared on the first call, in the same query
    with django_assert_num_queries(2):
        # 1. the scoring (SET LOCAL jit; EXECUTE), 2. the candidates' needs
        assert len(suggest_for_talent(talent)) == 1
    for number in range(8):
        NeedFactory(resident=person(street, f"Vrager{number} Hof"), category=garden)
    with django_assert_num_queries(2):
        # the same two
        assert len(suggest_for_talent(talent)) == 9


def test_the_queries_do_not_grow_with_the_district_for_a_user(
    crowd, worker, django_assert_num_queries
):
    # Prepared on the first call; the user's neighbourhoods are read once per user object.
    suggest_for_need(crowd, user=worker)
    with django_assert_num_queries(2):
        # 1. the scoring (SET LOCAL jit; EXECUTE), 2. the candidates' talents
        assert len(suggest_for_need(crowd, user=worker, limit=5)) == 5
    with django_assert_num_queries(2):
        # the same two, for everyone in the worker's neighbourhood
        assert len(suggest_for_need(crowd, user=worker, limit=50)) == 12


def test_a_shared_interest_adds_one_query_for_the_residents(
    street, company, ans, django_assert_num_queries
):
    need = NeedFactory(resident=ans, category=company, text="Voelt zich eenzaam")
    helper(street, "Mien Koffie", company, text="Gaat graag op de koffie")
    NeedFactory(resident=person(street, "Bep Alleen"), category=company)
    with django_assert_num_queries(3):
        # 1. the scoring, 2. the talents, 3. the residents of shared interests
        assert len(suggest_for_need(need)) == 2


def test_it_takes_one_query_when_there_is_nothing_to_suggest(lawn, django_assert_num_queries):
    with django_assert_num_queries(1):
        # 1. the scoring
        assert suggest_for_need(lawn) == []


def test_a_failed_query_is_prepared_again_next_time(lawn, street, garden):
    from django.db import DataError, transaction

    helper(street, "Erik Hof", garden)
    suggest_for_need(lawn)
    with pytest.raises(DataError), transaction.atomic():
        suggestions._prepared.rows(
            suggestions._sql(for_need=True, visible=None), ["x", 1, *suggestions._PARAMETERS]
        )
    assert names(suggest_for_need(lawn)) == ["Erik Hof"]
    assert connection.is_usable()


# Behind PgBouncer in transaction mode (DATABASE_PGBOUNCER)


@pytest.fixture
def transaction_pooling(monkeypatch):
    """The connection as DATABASE_PGBOUNCER=true configures it."""
    monkeypatch.setitem(connection.settings_dict, "TRANSACTION_POOLING", True)


def prepared_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {name for (name,) in cursor.fetchall()}


def scored(candidates):
    return [(c.owner.name, c.score, texts(c), c.components) for c in candidates]


def test_behind_pgbouncer_the_query_is_not_prepared_in_the_session(
    lawn, street, garden, transaction_pooling, django_assert_num_queries
):
    """The next transaction may run on another server connection, where a
    prepared statement is missing, and the next client on this one."""
    helper(street, "Erik Hof", garden)
    before = prepared_statements()
    with django_assert_num_queries(2):
        # 1. the scoring (SET LOCAL jit; the query), 2. the candidates' talents
        assert names(suggest_for_need(lawn)) == ["Erik Hof"]
    assert prepared_statements() == before


def test_behind_pgbouncer_the_suggestions_are_the_same(
    lawn, ans, worker, street, next_door_street, garden, company, monkeypatch
):
    """Scores, reasons and order, for everyone and within a user's
    neighbourhoods (the query's parameters from $5 on)."""
    helper(street, "Erik Hof", garden, languages=["nld", "tur"])
    helper(street, "Mien Gras", garden, text="Maait graag het gras")
    helper(next_door_street, "Naast Hof", garden)
    TalentFactory(resident=ans, category=company)
    prepared = [scored(suggest_for_need(lawn)), scored(suggest_for_need(lawn, user=worker))]

    monkeypatch.setitem(connection.settings_dict, "TRANSACTION_POOLING", True)
    unprepared = [scored(suggest_for_need(lawn)), scored(suggest_for_need(lawn, user=worker))]

    assert unprepared == prepared
    assert [len(found) for found in prepared] == [3, 2]


# The names and values in the SQL


@pytest.fixture
def fresh_names():
    """The query's names and statuses built anew from the models, before and after."""
    for cache in (suggestions._tables, suggestions._statuses):
        cache.cache_clear()
    yield
    for cache in (suggestions._tables, suggestions._statuses):
        cache.cache_clear()


def test_the_query_follows_the_models_when_every_table_and_column_is_renamed(
    lawn,
    ans,
    street,
    next_door_street,
    neighbourhood,
    next_door,
    garden,
    company,
    computers,
    fresh_names,
    renamed_tables,
):
    # For the lawn: a neighbour with a talent of the same category who needs
    # what Ans offers, one next door, one with a talent of another category
    # sharing a word, one matched before, an initiative, one Ans belongs to.
    TalentFactory(resident=ans, category=computers, text="Helpt met de laptop")
    erik = helper(street, "Erik Hof", garden)
    NeedFactory(resident=erik, category=computers, text="Snapt de computer niet")
    naast = helper(next_door_street, "Naast Hof", garden)
    gras = helper(street, "Gras Maaier", computers, text="Heeft een machine voor het gras")
    before = helper(street, "Kees Ris", garden)
    MatchFactory(need=lawn, talent=before.talents.get(), status=Match.Status.REJECTED)
    club = InitiativeFactory(name="Buurttuin", neighbourhoods=[next_door])
    TalentFactory(resident=None, initiative=club, category=garden, text="Samen tuinieren")
    own = InitiativeFactory(name="Eigen club", neighbourhoods=[neighbourhood])
    own.members.create(resident=ans)
    TalentFactory(resident=None, initiative=own, category=garden)
    # A need of a gift of the heart that a neighbour shares.
    lonely = NeedFactory(resident=ans, category=company, text="Voelt zich eenzaam")
    bep = person(street, "Bep Alleen")
    NeedFactory(resident=bep, category=company, text="Zou graag koffie drinken")
    # For Erik's talent: the lawn, the club's need, and a need that is taken.
    club_need = NeedFactory(resident=None, initiative=club, category=garden, text="Zoekt tuinier")
    taken = NeedFactory(resident=person(street, "Al Geholpen"), category=garden)
    ander = helper(street, "Ander Hof", garden)
    MatchFactory(need=taken, talent=ander.talents.get())
    asked = [(lawn.pk, True), (lonely.pk, True), (erik.talents.get(category=garden).pk, False)]

    def rows():
        return [suggestions._run(pk=pk, for_need=need, user=None, limit=10) for pk, need in asked]

    expected = rows()
    for_lawn, for_lonely, for_talent = expected
    assert {row["resident_id"] for row in for_lawn} == {erik.pk, naast.pk, gras.pk, ander.pk, None}
    assert {row["initiative_id"] for row in for_lawn} == {club.pk, None}
    assert any(row["mutual_categories"] for row in for_lawn)
    assert [(row["via"], row["resident_id"]) for row in for_lonely] == [("shared", bep.pk)]
    assert {row["item_id"] for row in for_talent} == {lawn.pk, club_need.pk}

    renamed_tables("neighbourhoods", "contacts", "matches")
    suggestions._tables.cache_clear()

    assert rows() == expected


def test_the_query_quotes_the_names_the_models_give(fresh_names):
    models = apps.get_models(include_auto_created=True)
    tables = {model._meta.db_table for model in models}
    columns = {field.column for model in models for field in model._meta.concrete_fields}
    for sql in (
        suggestions._sql(for_need=True, visible="SELECT 1"),
        suggestions._sql(for_need=False, visible="SELECT 1"),
        suggestions._sql(for_need=True, visible="SELECT 1", only=5),  # score_pair's
    ):
        assert connection.ops.quote_name(Talent._meta.db_table) in sql
        assert connection.ops.quote_name(Need._meta.get_field("category").column) in sql
        assert set(re.findall(r'"([^"]*)"', sql)) <= tables | columns
        assert [t for t in tables if re.search(rf'(?<![\w"]){t}(?![\w"])', sql)] == []


def test_the_query_compares_statuses_with_the_models_values(fresh_names):
    in_progress = Match.Status.in_progress()
    for for_need in (True, False):
        sql = suggestions._sql(for_need=for_need, visible=None)
        compared = re.findall(r"(\w+)\.\"status\" = '(\w+)'", sql)
        assert {value for alias, value in compared if alias == "r"} == {Resident.Status.ACTIVE}
        assert {value for alias, value in compared if alias != "r"} == {Need.Status.OPEN}
        listed = re.findall(r"m\.\"status\" IN \(([^)]*)\)", sql)
        assert listed
        assert all(re.findall(r"'(\w+)'", values) == in_progress for values in listed)
    # The set of the partial unique index, so the query can use it.
    [condition] = [
        constraint.condition
        for constraint in Match._meta.constraints
        if constraint.name == "match_one_in_progress_per_need"
    ]
    assert condition == Q(status__in=in_progress)


def test_the_statuses_in_progress_come_from_the_model(monkeypatch, fresh_names):
    monkeypatch.setattr(Match.Status, "in_progress", classmethod(lambda cls: [cls.RUNNING]))
    sql = suggestions._sql(for_need=False, visible=None)
    assert re.findall(r"m\.\"status\" IN \(([^)]*)\)", sql) == ["'running'"] * 2


# Reasons


def test_a_reason_round_trips_through_json():
    reason = Reason("shared_language", {"language": "ar"})
    assert Reason.from_json(reason.as_json()) == reason
    assert reason.as_json() == {"code": "shared_language", "params": {"language": "ar"}}
    assert Reason.from_json({"code": "same_street"}).text == "same street"


def test_a_reason_names_the_category_in_the_active_language_unless_told():
    reason = Reason("same_category", {"category": "Tuin en groen", "category_en": "Garden"})
    assert reason.text == "same category: Garden"
    assert reason.render(category_language="nl") == "same category: Tuin en groen"
    with translation.override("nl"):
        assert reason.text.endswith(": Tuin en groen")


def test_a_reason_with_an_unknown_code_shows_the_code():
    assert Reason("from_a_newer_version", {}).text == "from_a_newer_version"


def test_reasons_stored_on_a_match_read_back(lawn, street, garden):
    helper(street, "Erik Hof", garden)
    [candidate] = suggest_for_need(lawn)
    match = MatchFactory(
        need=lawn,
        talent=candidate.talent,
        reasons=[reason.as_json() for reason in candidate.reasons],
        proposed_at=timezone.now(),
    )
    match.refresh_from_db()
    assert [Reason.from_json(data).text for data in match.reasons] == texts(candidate)


# How residents talk (contacts.language): the stored terms reach the score.


def _said(model, resident, category, text):
    from contacts.language import analyse_with_thesaurus

    return model.objects.create(
        resident=resident, category=category, text=text, terms=analyse_with_thesaurus(text)
    )


def test_the_kind_of_help_comes_before_proximity(ans, street, next_door_street, garden):
    need = _said(Need, ans, garden, "Hulp met de tuin, hij kan niet meer bukken")
    balcony = person(street, "Balkon Buur")
    _said(Talent, balcony, garden, "Kweekt kruiden op haar balkon")
    gardener = person(next_door_street, "Oud Hovenier")
    _said(Talent, gardener, garden, "Was dertig jaar hovenier")
    found = suggest_for_need(need)
    assert names(found)[:2] == ["Oud Hovenier", "Balkon Buur"]


def test_a_compound_and_another_word_form_meet(ans, street, garden, computers):
    need = _said(Need, ans, garden, "Wie kan mijn fiets repareren?")
    repairer = person(street, "Fietsen Maker")
    _said(Talent, repairer, computers, "Fietsenmaker geweest, heeft alles gerepareerd")
    candidate = by_name(suggest_for_need(need))["Fietsen Maker"]
    assert candidate.components["words"] > 0
    assert Reason("similar_words", {"words": ["fiets", "repareren"]}) in candidate.reasons
