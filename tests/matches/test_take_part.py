"""May this resident be matched? ``Resident.objects.may_be_matched()`` and
``resident.may_be_matched`` against every place matching asks it: the
suggestion SQL (as candidate and as the one a suggestion is made for, both
ways), proposing, the team lead's approval, the suggestions page and the
commands; each as a table over every status and every combination of
consents (tests/take_part.py)."""

import json
import re
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from contacts.models import Consent, Resident
from matches.models import Match
from matches.services import lifecycle
from matches.suggestions import suggest_for_need, suggest_for_talent
from tests.contacts.factories import CategoryFactory, NeedFactory, ResidentFactory, TalentFactory
from tests.matches.factories import MatchFactory
from tests.neighbourhoods.factories import AddressFactory, StreetFactory
from tests.take_part import expected_table, residents_in_every_state

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]

MATCH = Consent.MATCH


@pytest.fixture
def garden(db):
    return CategoryFactory(slug="meedoen-tuin", name="Tuin", name_en="Garden")


@pytest.fixture
def street(neighbourhood):
    return StreetFactory(neighbourhood=neighbourhood, name="Meedoenstraat")


@pytest.fixture
def everyone(street):
    """{label: resident}, one in every state, in the worker's neighbourhood."""
    return residents_in_every_state(street=street)


@pytest.fixture
def ans(street):
    """Active, with consent to be matched."""
    return ResidentFactory(address=AddressFactory(street=street), name="Ans Altijd")


def matchable_ids(*, without):
    return set(
        Resident.objects.may_be_matched().exclude(pk=without.pk).values_list("pk", flat=True)
    )


def table(everyone, chosen):
    """{label: whether the resident's pk is among ``chosen``}."""
    return {key: r.pk in chosen for key, r in everyone.items()}


def went_through(call, *residents):
    """Whether ``call()`` went through: False when it raised exactly the
    ``why_not`` messages of those of ``residents`` who may not be matched."""
    try:
        call()
    except ValidationError as error:
        assert error.messages == [r.why_not(MATCH) for r in residents if r.why_not(MATCH)]
        return False
    return True


# The suggestion SQL


def test_the_candidates_for_a_need_are_those_who_may_be_matched(everyone, ans, garden, worker):
    need = NeedFactory(resident=ans, category=garden, text="Kan het gras niet maaien")
    for resident in everyone.values():
        TalentFactory(resident=resident, category=garden, text="Maait graag het gras")
    for user in (None, worker):
        found = {c.resident.pk for c in suggest_for_need(need, user=user, limit=100)}
        assert found == matchable_ids(without=ans)
        assert table(everyone, found) == expected_table(MATCH)


def test_the_candidates_for_a_talent_are_those_who_may_be_matched(everyone, ans, garden, worker):
    talent = TalentFactory(resident=ans, category=garden, text="Maait graag het gras")
    for resident in everyone.values():
        NeedFactory(resident=resident, category=garden, text="Kan het gras niet maaien")
    for user in (None, worker):
        found = {c.need.resident.pk for c in suggest_for_talent(talent, user=user, limit=100)}
        assert found == matchable_ids(without=ans)
        assert table(everyone, found) == expected_table(MATCH)


def test_suggestions_are_made_only_for_those_who_may_be_matched(everyone, ans, garden):
    TalentFactory(resident=ans, category=garden, text="Maait graag het gras")
    NeedFactory(resident=ans, category=garden, text="Kan het gras niet maaien")
    for_needs, for_talents = {}, {}
    for key, resident in everyone.items():
        need = NeedFactory(resident=resident, category=garden, text="Kan het gras niet maaien")
        talent = TalentFactory(resident=resident, category=garden, text="Maait graag het gras")
        # Ans can meet each (and Ans's need be met); so can those before who may.
        for_needs[key] = bool(suggest_for_need(need, limit=100))
        for_talents[key] = bool(suggest_for_talent(talent, limit=100))
    assert for_needs == expected_table(MATCH)
    assert for_talents == expected_table(MATCH)


# Proposing and approving


def test_a_helper_is_proposed_as_the_rule_says(everyone, ans, garden, worker):
    need = NeedFactory(resident=ans, category=garden)
    problems = {
        key: lifecycle.proposal_problems(need=need, by=worker, helper=r)
        for key, r in everyone.items()
    }
    assert {key: p == [] for key, p in problems.items()} == expected_table(MATCH)
    for key, resident in everyone.items():
        why = resident.why_not(MATCH)
        assert problems[key] == ([why] if why else [])


def test_a_need_is_proposed_as_the_rule_says(everyone, ans, garden, worker):
    proposed = {
        key: went_through(
            lambda r=r: lifecycle.match_propose(
                need=NeedFactory(resident=r, category=garden),
                by=worker,
                helper=ans,
                why="Allebei in dezelfde straat.",
                first_meeting_plan="Samen op de koffie.",
            ),
            r,
        )
        for key, r in everyone.items()
    }
    assert proposed == expected_table(MATCH)
    matched = set(Match.objects.values_list("resident", flat=True))
    assert table(everyone, matched) == expected_table(MATCH)


@pytest.mark.parametrize("side", ["resident", "helper"])
def test_a_match_is_approved_as_the_rule_says(side, everyone, ans, garden, lead):
    approved = {}
    for key, resident in everyone.items():
        seeker, helper = (resident, ans) if side == "resident" else (ans, resident)
        match = MatchFactory(
            need=NeedFactory(resident=seeker, category=garden),
            talent=TalentFactory(resident=helper, category=garden),
        )
        approved[key] = went_through(
            lambda m=match: lifecycle.match_approve(match=m, by=lead), resident
        )
        match.refresh_from_db()
        assert (match.status == Match.Status.APPROVED) == approved[key]
    assert approved == expected_table(MATCH)


# The suggestions pages and the commands


def test_the_suggestions_page_says_why_not_as_the_rule_says(client, worker, everyone, garden):
    client.force_login(worker)
    problems = {}
    for key, resident in everyone.items():
        need = NeedFactory(resident=resident, category=garden)
        response = client.get(reverse("matches:need_suggestions", args=[need.pk]))
        problems[key] = response.context["problem"]
        assert problems[key] == (resident.why_not(MATCH) or "")
        talent = TalentFactory(resident=resident, category=garden)
        response = client.get(reverse("matches:talent_suggestions", args=[talent.pk]))
        assert response.context["problem"] == problems[key]
    assert {key: p == "" for key, p in problems.items()} == expected_table(MATCH)


def test_the_commands_list_the_needs_of_those_who_may_be_matched(everyone, garden):
    for resident in everyone.values():
        NeedFactory(resident=resident, category=garden)
    out = StringIO()
    call_command("suggest_matches", format="json", stdout=out)
    listed = {entry["need"]["resident"] for entry in json.loads(out.getvalue())["suggestions"]}
    assert {key: str(r.pk) in listed for key, r in everyone.items()} == expected_table(MATCH)
    out = StringIO()
    call_command("bench_suggestions", count=1, stdout=out)
    counted = int(re.match(r"(\d+) open needs", out.getvalue()).group(1))
    assert (
        counted == sum(expected_table(MATCH).values()) == Resident.objects.may_be_matched().count()
    )
