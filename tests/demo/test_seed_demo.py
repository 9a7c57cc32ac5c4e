import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.http import HttpRequest

from accounts.models import Role, User
from contacts.models import Conversation, Resident
from demo.management.commands import seed_demo as seed_demo_command
from demo.neighbourhoods import DEMO_PASSWORD
from neighbourhoods import validators
from neighbourhoods.models import (
    Address,
    District,
    Membership,
    Municipality,
    Neighbourhood,
    Street,
    Team,
)
from tests.demo.helpers import rolled_back
from tests.neighbourhoods.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

USERNAMES = [f"buurtwerker{i}" for i in range(1, 9)] + ["teamleider1", "teamleider2", "beheerder"]
MODELS = [Municipality, District, Neighbourhood, Street, Address, Team, Membership, User]
MODELS += [Resident, Conversation]


def seed_demo(**options):
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def seeded():
    """The small demo data; returns what the command printed."""
    return seed_demo(scale="small")


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_small_makes_the_documented_numbers(seeded):
    assert Municipality.objects.count() == 1
    assert District.objects.count() == 2
    assert Neighbourhood.objects.count() == 6
    assert 1400 <= Address.objects.count() <= 1600
    assert Team.objects.count() == 3
    assert User.objects.filter(role=Role.WORKER).count() == 8
    assert User.objects.filter(role=Role.TEAM_LEAD).count() == 2
    admin = User.objects.get(role=Role.ADMIN)
    assert admin.is_staff
    assert admin.is_superuser
    assert sorted(User.objects.values_list("username", flat=True)) == sorted(USERNAMES)
    assert Resident.objects.count() == 1800
    assert Conversation.objects.count() == 4000


def test_every_worker_is_in_a_team_and_every_team_has_a_lead_and_two_neighbourhoods(seeded):
    for worker in User.objects.filter(role=Role.WORKER):
        assert worker.memberships.filter(role=Membership.Role.WORKER).exists(), worker
    for team in Team.objects.all():
        assert team.memberships.filter(role=Membership.Role.LEAD).count() == 1, team
        assert team.neighbourhoods.count() == 2, team
    leads = Membership.objects.filter(role=Membership.Role.LEAD)
    assert {m.user.role for m in leads} == {Role.TEAM_LEAD}
    # One lead leads two teams, the other one.
    assert sorted(leads.values_list("user__username", flat=True)) == [
        "teamleider1",
        "teamleider1",
        "teamleider2",
    ]


def test_codes_and_postcodes_are_valid(seeded):
    for municipality in Municipality.objects.all():
        validators.validate_municipality_code(municipality.code)
    for district in District.objects.select_related("municipality"):
        validators.validate_district_code(district.code)
        validators.validate_code_within(district.code, district.municipality.code)
    for neighbourhood in Neighbourhood.objects.select_related("district"):
        validators.validate_neighbourhood_code(neighbourhood.code)
        validators.validate_code_within(neighbourhood.code, neighbourhood.district.code)
    for postcode in Address.objects.values_list("postcode", flat=True).distinct():
        assert re.fullmatch(validators.POSTCODE_RE, postcode)
        validators.validate_postcode(postcode)  # also rejects SA, SD, SS


def test_addresses_look_like_real_streets(seeded):
    additions = set(Address.objects.values_list("addition", flat=True))
    assert additions <= {"", "A", "B", "bis", "1-hoog", "2-hoog"}
    assert {"", "A", "1-hoog"} <= additions
    # A postcode covers one side of one street (odd or even numbers only).
    sides = Address.objects.values_list("postcode", "street_id", "house_number")
    seen = {}
    for postcode, street_id, number in sides:
        assert seen.setdefault(postcode, (street_id, number % 2)) == (street_id, number % 2)
    assert Address.objects.count() / len(seen) < 30


def test_it_prints_every_login_and_the_password(seeded):
    for username in USERNAMES:
        assert username in seeded
    assert DEMO_PASSWORD in seeded
    assert "Log in at http://127.0.0.1:8000/" in seeded


def test_a_demo_user_can_log_in(seeded, client):
    # django-axes checks every login attempt, and needs the request to do so.
    assert client.login(request=HttpRequest(), username="buurtwerker1", password=DEMO_PASSWORD)
    assert client.login(request=HttpRequest(), username="beheerder", password=DEMO_PASSWORD)


def test_it_refuses_a_database_that_holds_data_and_changes_nothing(seeded):
    before = counts()
    with pytest.raises(CommandError, match=r"manage\.py flush"):
        seed_demo(scale="small")
    assert counts() == before


def test_it_refuses_any_municipality_not_only_its_own(db):
    MunicipalityFactory()
    with pytest.raises(CommandError):
        seed_demo(scale="small")
    assert Neighbourhood.objects.count() == 0


def test_if_empty_on_a_full_database_changes_nothing_and_prints_the_logins(seeded):
    before = counts()
    out = seed_demo(scale="small", if_empty=True)
    assert counts() == before
    assert "left it as it is" in out
    for username in USERNAMES:
        assert username in out
    assert DEMO_PASSWORD in out


def test_if_empty_without_demo_users_prints_no_logins(db):
    MunicipalityFactory()
    out = seed_demo(scale="small", if_empty=True)
    assert DEMO_PASSWORD not in out
    assert User.objects.count() == 0


def test_if_empty_on_an_empty_database_seeds(db):
    out = seed_demo(scale="small", if_empty=True)
    assert Neighbourhood.objects.count() == 6
    assert "addresses: " in out  # progress


def test_a_failing_builder_leaves_nothing_behind(db, monkeypatch):
    def failing_build(**kwargs):
        assert Address.objects.exists()  # the builder before it has run
        raise RuntimeError("boom")

    monkeypatch.setattr(
        seed_demo_command, "BUILDERS", [*seed_demo_command.BUILDERS, ("failing", failing_build)]
    )
    with pytest.raises(RuntimeError):
        seed_demo(scale="small")
    assert all(n == 0 for n in counts().values())


def fresh_seed_snapshot():
    """Seed in a savepoint, read the data back, and roll it away."""

    def seed_and_read():
        seed_demo(scale="small")
        return (
            list(
                Address.objects.order_by(
                    "street__neighbourhood__code", "street__name", "pk"
                ).values_list(
                    "street__neighbourhood__code",
                    "street__name",
                    "house_number",
                    "addition",
                    "postcode",
                )
            ),
            list(
                User.objects.order_by("username").values_list(
                    "username", "first_name", "last_name"
                )
            ),
            list(
                Membership.objects.order_by("team__name", "user__username").values_list(
                    "team__name", "user__username", "role"
                )
            ),
        )

    snapshot = rolled_back(seed_and_read)
    assert Municipality.objects.count() == 0
    return snapshot


def test_two_runs_make_the_same_data(db):
    first, second = fresh_seed_snapshot(), fresh_seed_snapshot()
    assert first[0][:20] == second[0][:20]
    assert first == second
