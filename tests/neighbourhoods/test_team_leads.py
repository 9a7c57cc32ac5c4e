"""Who is a team lead: ``User.role``, the one source, read through
``User.has_lead_rights`` for reviewing, auditing and the second factor alike;
a lead membership says which team they lead, and the database allows one
only for a team lead or an admin, whatever writes it."""

import threading
import time
from types import SimpleNamespace

import pytest
from django.db import IntegrityError, connection, transaction
from django.http import Http404
from django.urls import reverse

from accesslog.models import AccessEvent
from accesslog.services import record_access
from accounts.models import Role, User
from neighbourhoods.models import Membership
from neighbourhoods.scoping import can_review, is_reviewer, lead_neighbourhood_ids, require_auditor
from tests.accounts.factories import UserFactory, add_totp
from tests.matches.factories import MatchFactory
from tests.neighbourhoods.factories import MembershipFactory

LEAD = Membership.Role.LEAD
WORKER = Membership.Role.WORKER
MEMBERSHIP_TABLE = Membership._meta.db_table
USER_TABLE = User._meta.db_table


def new_user(role, **kwargs):
    return UserFactory(role=role, is_staff=role == Role.ADMIN, **kwargs)


def roles_in_db(user):
    return sorted(Membership.objects.filter(user=user).values_list("team__name", "role"))


# --- The database refuses a lead membership of anyone but a team lead or admin


@pytest.mark.django_db
def test_the_database_refuses_a_lead_membership_of_a_worker_written_without_a_form(team):
    worker = new_user(Role.WORKER)
    with pytest.raises(IntegrityError, match="can lead a team"), transaction.atomic():
        Membership.objects.create(team=team, user=worker, role=LEAD)  # no full_clean
    assert not Membership.objects.filter(user=worker).exists()


@pytest.mark.django_db
def test_the_database_refuses_a_bulk_update_that_makes_a_worker_lead(team):
    membership = MembershipFactory(team=team)
    with pytest.raises(IntegrityError, match="can lead a team"), transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(role=LEAD)
    membership.refresh_from_db()
    assert membership.role == WORKER


@pytest.mark.django_db
def test_the_database_refuses_it_in_raw_sql(team):
    worker = new_user(Role.WORKER)
    with (
        pytest.raises(IntegrityError) as excinfo,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            f"INSERT INTO {MEMBERSHIP_TABLE} (team_id, user_id, role)"  # noqa: S608 (_meta)
            " VALUES (%s, %s, 'lead')",
            [team.pk, worker.pk],
        )
    assert excinfo.value.__cause__.diag.constraint_name == "membership_lead_is_team_lead"


@pytest.mark.django_db
def test_the_database_refuses_moving_a_lead_membership_to_a_worker(team):
    membership = MembershipFactory(team=team, user=new_user(Role.TEAM_LEAD), role=LEAD)
    worker = new_user(Role.WORKER)
    with pytest.raises(IntegrityError, match="can lead a team"), transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(user=worker)


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_exactly_the_leading_roles_may_lead_a_team(team, role):
    user = new_user(role)
    may_lead = role in Role.leading()
    assert user.may_lead_a_team is may_lead
    try:
        with transaction.atomic():
            Membership.objects.create(team=team, user=user, role=LEAD)
    except IntegrityError:
        refused = True
    else:
        refused = False
    assert refused is not may_lead
    assert set(Role.leading()) == {Role.TEAM_LEAD, Role.ADMIN}  # what the trigger holds


@pytest.mark.django_db
def test_a_worker_membership_of_a_worker_is_still_fine(team):
    worker = new_user(Role.WORKER)
    Membership.objects.create(team=team, user=worker, role=WORKER)
    Membership.objects.filter(user=worker).update(role=WORKER)


# --- Demoting a lead ends their leading, in the same statement


@pytest.fixture
def lead_of_two(team, other_team):
    """A team lead who leads ``team`` and works in a third team."""
    user = new_user(Role.TEAM_LEAD, username="tweeleider")
    MembershipFactory(team=team, user=user, role=LEAD)
    MembershipFactory(team=other_team, user=user, role=LEAD)
    MembershipFactory(team__name="Team Noord", user=user, role=WORKER)
    return user


@pytest.mark.django_db
def test_a_bulk_demotion_to_worker_turns_their_lead_memberships_into_worker_ones(
    lead_of_two, team, lead
):
    User.objects.filter(pk=lead_of_two.pk).update(role=Role.WORKER)
    assert roles_in_db(lead_of_two) == [
        ("Team Noord", WORKER),
        ("Team Oost", WORKER),
        ("Team West", WORKER),
    ]
    # Nobody else's: the other lead of Team Oost still leads it.
    assert Membership.objects.get(user=lead).role == LEAD


@pytest.mark.django_db
def test_a_demotion_in_raw_sql_does_the_same(lead_of_two):
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {USER_TABLE} SET role = 'worker' WHERE id = %s",  # noqa: S608 (_meta)
            [lead_of_two.pk],
        )
    assert {role for _team, role in roles_in_db(lead_of_two)} == {WORKER}


@pytest.mark.django_db
def test_a_demotion_through_save_does_the_same(lead_of_two):
    lead_of_two.role = Role.WORKER
    lead_of_two.save()
    assert not Membership.objects.leading().filter(user=lead_of_two).exists()


@pytest.mark.django_db
def test_a_team_lead_who_becomes_an_admin_or_back_keeps_leading(lead_of_two):
    before = roles_in_db(lead_of_two)
    User.objects.filter(pk=lead_of_two.pk).update(role=Role.ADMIN, is_staff=True)
    assert roles_in_db(lead_of_two) == before
    User.objects.filter(pk=lead_of_two.pk).update(role=Role.TEAM_LEAD)
    assert roles_in_db(lead_of_two) == before


@pytest.mark.django_db
def test_saving_a_team_lead_without_changing_the_role_leaves_the_memberships(lead_of_two):
    before = roles_in_db(lead_of_two)
    lead_of_two.first_name = "Anders"
    lead_of_two.save()
    assert roles_in_db(lead_of_two) == before


# --- At the same time: the lock on the user's row


def _in_thread(work):
    """Run ``work`` on its own database connection in a thread; returns the
    thread, its backend pid (once known) and what it raised."""
    state = {"pid": None, "error": None}

    def run():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                state["pid"] = cursor.fetchone()[0]
            with transaction.atomic():
                work()
        except Exception as error:  # handed to the test
            state["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, state


def _wait_until_blocked(thread, state):
    """Until the thread's statement waits for a lock (True) or the thread
    has finished without waiting (False)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and thread.is_alive():
        if state["pid"] is not None:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [state["pid"]]
                )
                row = cursor.fetchone()
            if row and row[0] == "Lock":
                return True
        time.sleep(0.05)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_demotion_waits_for_a_lead_membership_being_written_and_then_ends_it(team):
    user = new_user(Role.TEAM_LEAD)
    with transaction.atomic():
        Membership.objects.create(team=team, user=user, role=LEAD)
        thread, state = _in_thread(
            lambda: User.objects.filter(pk=user.pk).update(role=Role.WORKER)
        )
        blocked = _wait_until_blocked(thread, state)
    thread.join(10)
    assert blocked, "the demotion did not wait for the lead membership"
    assert state["error"] is None
    assert User.objects.get(pk=user.pk).role == Role.WORKER
    assert Membership.objects.get(user=user).role == WORKER


@pytest.mark.django_db(transaction=True)
def test_a_lead_membership_waits_for_a_demotion_being_written_and_is_then_refused(team):
    user = new_user(Role.TEAM_LEAD)
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(role=Role.WORKER)
        thread, state = _in_thread(
            lambda: Membership.objects.create(team=team, user=user, role=LEAD)
        )
        blocked = _wait_until_blocked(thread, state)
    thread.join(10)
    assert blocked, "the lead membership did not wait for the demotion"
    assert isinstance(state["error"], IntegrityError)
    assert not Membership.objects.filter(user=user).exists()


# --- Reviewing, auditing and the second factor agree, for every combination

MEMBERSHIPS = ["none", "worker here", "lead here", "lead elsewhere"]


@pytest.mark.django_db
@pytest.mark.parametrize("membership", MEMBERSHIPS)
@pytest.mark.parametrize("role", Role.values)
def test_reviewing_auditing_and_the_second_factor_agree(
    client, settings, role, membership, team, other_team, worker, resident, neighbourhood
):
    settings.MFA_REQUIRED_FOR_WORKERS = False
    user = new_user(role)
    add_totp(user)  # so that the pages open for those who need the second factor
    if membership != "none":
        joined = {
            "worker here": (team, WORKER),
            "lead here": (team, LEAD),
            "lead elsewhere": (other_team, LEAD),
        }[membership]
        if joined[1] == LEAD and role not in Role.leading():
            # This combination cannot exist.
            with pytest.raises(IntegrityError), transaction.atomic():
                Membership.objects.create(team=joined[0], user=user, role=joined[1])
            return
        Membership.objects.create(team=joined[0], user=user, role=joined[1])
    match = MatchFactory(need__resident=resident, proposed_by=worker)

    lead_rights = role in Role.leading()
    assert is_reviewer(user) is lead_rights
    assert user.may_audit is lead_rights
    assert user.mfa_required is lead_rights
    reviews_here = role == Role.ADMIN or membership == "lead here"
    assert can_review(user, match) is reviews_here
    assert not reviews_here or lead_rights  # reviewing a match implies being a reviewer
    assert (neighbourhood.pk in lead_neighbourhood_ids(user)) is (membership == "lead here")
    if lead_rights:
        require_auditor(user)
    else:
        with pytest.raises(Http404):
            require_auditor(user)
    assert record_access(user=user, what=AccessEvent.What.RESIDENT).role == role

    # The pages say the same.
    client.force_login(user)
    queue = client.get(reverse("matches:review_queue"))
    assert queue.status_code == (200 if lead_rights else 403)
    sees_resident = role == Role.ADMIN or membership in {"worker here", "lead here"}
    history = client.get(reverse("audit:resident_history", args=[resident.pk]))
    assert history.status_code == (200 if lead_rights and sees_resident else 404)
    if queue.status_code == 200:
        proposals = [p["match"] for p in queue.context["proposals"]]
        assert proposals == ([match] if reviews_here else [])


@pytest.mark.django_db
def test_with_the_second_factor_for_everyone_workers_need_it_too(settings):
    settings.MFA_REQUIRED_FOR_WORKERS = True
    worker = new_user(Role.WORKER)
    assert worker.mfa_required
    assert not worker.may_audit
    assert not is_reviewer(worker)


@pytest.mark.django_db
def test_a_superuser_has_lead_rights_whatever_the_role_but_leads_only_with_one(team):
    superuser = new_user(Role.WORKER, is_superuser=True)
    assert superuser.has_lead_rights and superuser.may_audit and superuser.mfa_required
    assert is_reviewer(superuser)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(team=team, user=superuser, role=LEAD)


@pytest.mark.django_db
def test_is_reviewer_asks_the_database_nothing(lead, worker, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert is_reviewer(lead)
        assert not is_reviewer(worker)


@pytest.mark.django_db
def test_an_inactive_team_lead_reviews_nothing(lead):
    lead.is_active = False
    assert not is_reviewer(lead)
    assert not can_review(lead, SimpleNamespace(proposed_by_id=None, neighbourhood_id=1))


@pytest.mark.django_db
def test_a_team_lead_who_leads_no_team_gets_an_empty_queue_not_a_refusal(client, team):
    user = new_user(Role.TEAM_LEAD)
    MembershipFactory(team=team, user=user, role=WORKER)
    add_totp(user)
    client.force_login(user)
    response = client.get(reverse("matches:review_queue"))
    assert response.status_code == 200
    assert response.context["proposals"] == []


# --- The admin forms


def form_data(html, form_id):
    """What a browser would send for the form ``form_id`` as it is shown."""
    from html.parser import HTMLParser

    class Parser(HTMLParser):
        def __init__(self):
            super().__init__()
            self.inside = False
            self.data = {}
            self.select = None
            self.textarea = None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "form":
                self.inside = attrs.get("id") == form_id
            if not self.inside:
                return
            name = attrs.get("name")
            if tag == "input" and name:
                kind = attrs.get("type", "text")
                if kind in {"checkbox", "radio"}:
                    if "checked" in attrs:
                        self.data.setdefault(name, []).append(attrs.get("value", "on"))
                elif kind not in {"submit", "button", "file"}:
                    self.data[name] = [attrs.get("value", "")]
            elif tag == "select" and name:
                self.select = name
                self.data.setdefault(name, [])
            elif tag == "option" and self.select and "selected" in attrs:
                self.data[self.select].append(attrs.get("value", ""))
            elif tag == "textarea" and name:
                self.textarea = name
                self.data[name] = [""]

        def handle_endtag(self, tag):
            if tag == "select":
                self.select = None
            elif tag == "textarea":
                self.textarea = None
            elif tag == "form":
                self.inside = False

        def handle_data(self, data):
            if self.textarea:
                self.data[self.textarea][0] += data

    parser = Parser()
    parser.feed(html)
    return {
        name: values if len(values) != 1 else values[0] for name, values in parser.data.items()
    }


#: The admin speaks Dutch, the default language.
REFUSED = "Alleen een gebruiker met de rol teamleider of beheerder kan een team leiden."


def inline_errors(response):
    return [
        {field: [str(message) for message in messages] for field, messages in errors.items()}
        for inline in response.context["inline_admin_formsets"]
        for errors in inline.formset.errors
        if errors
    ]


def user_change(admin_client, user, **changes):
    url = reverse("admin:accounts_user_change", args=[user.pk])
    data = form_data(admin_client.get(url).content.decode(), "user_form")
    data.update(changes)
    return admin_client.post(url, data)


@pytest.mark.django_db
def test_the_user_admin_refuses_a_demotion_that_leaves_a_lead_membership(admin_client, lead):
    response = user_change(admin_client, lead, role=Role.WORKER)
    assert response.status_code == 200
    assert inline_errors(response) == [{"role": [REFUSED]}]
    lead.refresh_from_db()
    assert lead.role == Role.TEAM_LEAD
    assert Membership.objects.get(user=lead).role == LEAD


@pytest.mark.django_db
def test_the_user_admin_demotes_a_lead_and_their_membership_in_one_form(admin_client, lead):
    response = user_change(admin_client, lead, role=Role.WORKER, **{"memberships-0-role": WORKER})
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.role == Role.WORKER
    assert Membership.objects.get(user=lead).role == WORKER


@pytest.mark.django_db
def test_the_user_admin_promotes_a_worker_and_makes_them_lead_in_one_form(admin_client, worker):
    response = user_change(
        admin_client, worker, role=Role.TEAM_LEAD, **{"memberships-0-role": LEAD}
    )
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.role == Role.TEAM_LEAD
    assert Membership.objects.get(user=worker).role == LEAD


@pytest.mark.django_db
def test_the_team_admin_refuses_a_worker_as_lead(admin_client, team, worker):
    url = reverse("admin:neighbourhoods_team_change", args=[team.pk])
    data = form_data(admin_client.get(url).content.decode(), "team_form")
    data["memberships-0-role"] = LEAD
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert inline_errors(response) == [{"role": [REFUSED]}]
    assert Membership.objects.get(user=worker).role == WORKER


def user_add(admin_client, team, role):
    url = reverse("admin:accounts_user_add")
    data = form_data(admin_client.get(url).content.decode(), "user_form")
    data.update(
        {
            "username": "nieuw",
            "role": role,
            "password1": "een-lang-testwachtwoord",
            "password2": "een-lang-testwachtwoord",
            "memberships-TOTAL_FORMS": "1",
            "memberships-0-team": str(team.pk),
            "memberships-0-role": LEAD,
        }
    )
    return admin_client.post(url, data)


@pytest.mark.django_db
def test_the_user_admin_refuses_a_new_worker_who_leads_a_team(admin_client, team):
    response = user_add(admin_client, team, Role.WORKER)
    assert response.status_code == 200
    assert inline_errors(response) == [{"role": [REFUSED]}]
    assert not User.objects.filter(username="nieuw").exists()


@pytest.mark.django_db
def test_the_user_admin_adds_a_team_lead_who_leads_a_team(admin_client, team):
    response = user_add(admin_client, team, Role.TEAM_LEAD)
    assert response.status_code == 302
    user = User.objects.get(username="nieuw")
    assert roles_in_db(user) == [("Team Oost", LEAD)]
