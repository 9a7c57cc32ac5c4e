"""The matches demo data (demo.matches), built on the small neighbourhoods
and contacts demos. The tests in TestTheSmallDemo read one seed, made once
for the class and rolled back after it; the tests after the class seed on
their own."""

import dataclasses
import itertools
import random
from collections import defaultdict
from datetime import timedelta

import pytest
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from accounts.models import User
from contacts.categorise import propose_category, rank_categories
from contacts.models import (
    Availability,
    Category,
    FollowUp,
    Initiative,
    InitiativeMember,
    Need,
    Resident,
    Talent,
)
from demo import contacts as contacts_demo
from demo import matches as matches_demo
from demo import matches_texts as demo_texts
from demo import neighbourhoods as neighbourhoods_demo
from matches.models import Match, MatchCheckIn, MatchEvent
from matches.reasons import CODES, Reason
from matches.services import lifecycle
from matches.suggestions import score_pair
from neighbourhoods.models import Membership, Team
from tests.contacts.factories import TalentFactory
from tests.demo.helpers import (
    constraints_and_indexes,
    covers,
    rolled_back,
    seeded_for_the_class,
)

pytestmark = pytest.mark.django_db

Status = Match.Status
MATCHES_TABLES = [
    m._meta.db_table
    for m in [*matches_demo._FILLED, Initiative, Initiative.neighbourhoods.through]
]

#: The statuses a reviewer's step leads to (``lifecycle.TAKEN_BY``).
REVIEWS = {
    to
    for steps in lifecycle.TRANSITIONS.values()
    for action, to in steps.items()
    if lifecycle.TAKEN_BY[action] == lifecycle.REVIEWER
}


def seed(
    *,
    seed="test",
    size=matches_demo.SCALES["small"],
    contacts_size=contacts_demo.SCALES["small"],
    now=None,
):
    """The small neighbourhoods demo, the contacts demo at
    ``contacts_size``, then the matches demo at ``size``."""
    now = now or timezone.now()
    made = {
        "neighbourhoods": neighbourhoods_demo.build(
            scale="small", rng=random.Random(f"{seed}:neighbourhoods"), made={}
        )
    }
    made["contacts"] = contacts_demo.generate(
        size=contacts_size, rng=random.Random(f"{seed}:contacts"), made=made, now=now
    )
    lines = []
    made["matches"] = matches_demo.generate(
        size=size,
        rng=random.Random(f"{seed}:matches"),
        made=made,
        progress=lines.append,
        now=now,
    )
    return made["matches"], lines


#: The small demo data: what the builder returned and the lines it printed.
demo = seeded_for_the_class(seed)


def user(username):
    return User.objects.get(username=username)


def events_by_match():
    events = defaultdict(list)
    for event in MatchEvent.objects.order_by("at", "pk"):
        events[event.match_id].append(event)
    return events


class TestTheSmallDemo:
    """What ``make run`` loads, read by every test in this class."""

    def test_it_makes_every_kind_of_record_and_reports_the_counts(self, demo):
        result, lines = demo
        for label, model in [
            ("talents", Talent),
            ("needs", Need),
            ("initiatives", Initiative),
            ("initiative members", InitiativeMember),
            ("matches", Match),
            ("match events", MatchEvent),
            ("check-ins", MatchCheckIn),
        ]:
            assert model.objects.count() == result.counts[label] > 0, label
        assert Talent.objects.count() + Need.objects.count() == 4500
        assert Match.objects.count() == 200
        assert any(line.startswith("matches: 200, events: ") for line in lines)
        assert lines[-1] == "matches: tables analysed"

    def test_only_residents_who_consented_to_storing_data_have_talents_and_needs(self, demo):
        assert not Talent.objects.filter(resident__may_store=False).exists()
        assert not Need.objects.filter(resident__may_store=False).exists()
        stored = Resident.objects.filter(may_store=True)
        # Everyone has talents, and there are more talents than needs.
        assert not stored.annotate(n=Count("talents")).filter(n=0).exists()
        assert stored.annotate(n=Count("needs")).filter(n=0).exists()
        residents_talents = Talent.objects.exclude(resident=None).count()
        residents_needs = Need.objects.exclude(resident=None).count()
        assert residents_talents > 1.3 * residents_needs
        assert stored.annotate(n=Count("talents")).filter(n__gte=3).exists()
        # Nobody needs what they offer themselves.
        assert not Need.objects.filter(
            Exists(
                Talent.objects.filter(resident=OuterRef("resident"), category=OuterRef("category"))
            )
        ).exists()
        # Everything of a resident who moved is no longer relevant.
        moved = Resident.objects.filter(status=Resident.Status.MOVED, may_store=True)
        assert Talent.objects.filter(resident__in=moved).exists()
        for model in (Talent, Need):
            assert not model.objects.filter(resident__in=moved).exclude(status="closed").exists()

    def test_most_are_open_some_matched_and_some_no_longer_relevant(self, demo):
        for model in (Talent, Need):
            total = model.objects.count()
            statuses = dict(model.objects.values_list("status").annotate(n=Count("pk")))
            assert set(statuses) == {"open", "matched", "closed"}, model
            assert statuses["open"] > 0.7 * total
            assert statuses["closed"] < 0.2 * total

    def test_availability_is_a_few_parts_of_the_week_or_unknown(self, demo):
        values = {
            slot
            for slots in Talent.objects.values_list("availability", flat=True)
            for slot in slots
        }
        assert values == set(Availability.values)
        assert Talent.objects.filter(availability=[]).exists()
        assert Need.objects.exclude(availability=[]).count() > Need.objects.count() / 2

    def test_many_were_heard_in_a_conversation_with_that_resident(self, demo):
        linked = Talent.objects.exclude(conversation=None)
        assert 0.3 < linked.count() / Talent.objects.count() < 0.9
        assert Need.objects.exclude(conversation=None).exists()
        for model in (Talent, Need):
            heard = model.objects.exclude(conversation=None)
            assert not heard.exclude(conversation__residents=F("resident")).exists()
            assert not heard.filter(created_at__lt=F("conversation__happened_at")).exists()
        assert not Talent.objects.filter(created_at__lt=F("resident__created_at")).exists()
        assert not Talent.objects.filter(created_at__gt=timezone.now()).exists()

    def test_texts_are_in_the_residents_words_and_filed_under_their_category(self, demo):
        texts = set(Talent.objects.values_list("text", flat=True))
        assert "Heeft groene vingers, werkt graag in de tuin" in texts
        assert len(texts) > 100
        assert Need.objects.filter(text="Krijgt de heg niet meer geknipt").exists()
        categories = set(Talent.objects.values_list("category__slug", flat=True))
        assert categories == set(demo_texts.TALENTS)
        sample = Need.objects.select_related("category").order_by("pk")[:30]
        for need in sample:
            assert propose_category(need.text) == need.category, need.text

    def test_initiatives_have_organisers_members_offers_and_needs_in_their_neighbourhoods(
        self, demo
    ):
        initiatives = Initiative.objects.annotate(
            n=Count("neighbourhoods", distinct=True),
            organisers=Count("members", filter=Q(members__role="organiser"), distinct=True),
            offers=Count("talents", distinct=True),
            wanted=Count("needs", distinct=True),
        )
        assert initiatives.count() == 6 * 2 + 3  # two per neighbourhood, one per team
        assert {i.n for i in initiatives} == {1, 2}
        assert not initiatives.filter(Q(organisers=0) | Q(offers=0) | Q(wanted=0)).exists()
        assert Initiative.objects.filter(is_active=False).exists()
        names = set(Initiative.objects.values_list("name", flat=True))
        assert not any("{" in name for name in names)
        assert sum(" en " in name for name in names) == 3  # "Repair Café Oost en West"
        assert not Initiative.objects.filter(where="").exists()
        # Members live in one of its neighbourhoods.
        away = InitiativeMember.objects.exclude(
            Exists(
                Initiative.neighbourhoods.through.objects.filter(
                    initiative=OuterRef("initiative"),
                    neighbourhood=OuterRef("resident__neighbourhood"),
                )
            )
        )
        assert not away.exists()
        assert not InitiativeMember.objects.filter(resident__may_store=False).exists()
        # Who joined through a match that started (and still runs or lasted) is a member.
        joined = Match.objects.filter(Q(status=Status.RUNNING) | Q(outcome="lasting"))
        joined = joined.exclude(initiative=None)
        assert joined.exists()
        for match in joined:
            assert match.initiative.members.filter(resident=match.resident_id).exists()
        # The residents have no gender: the women's group goes by first names.
        women = Initiative.objects.filter(name__startswith="Vrouwengroep")
        names = [
            *InitiativeMember.objects.filter(initiative__in=women).values_list("resident__name"),
            *Match.objects.filter(initiative__in=women).values_list("resident__name"),
            *Match.objects.filter(need__initiative__in=women).values_list("helper__name"),
        ]
        for (name,) in names:
            assert name.split(" ")[0] in demo_texts.WOMEN, name
        # Both neighbourhoods of one initiative are worked in by one team.
        for initiative in initiatives.filter(n=2):
            teams = Team.objects.filter(neighbourhoods__initiatives=initiative)
            assert teams.annotate(n=Count("pk")).filter(n=2).exists(), initiative

    def test_there_are_matches_in_every_state_and_with_every_outcome(self, demo):
        assert set(Match.objects.values_list("status", flat=True)) == set(Status)
        ended = Match.objects.filter(status=Status.ENDED)
        assert set(ended.values_list("outcome", flat=True)) == set(Match.Outcome)
        assert not Match.objects.exclude(status=Status.ENDED).exclude(outcome="").exists()
        assert not ended.filter(end_reason="").exists()
        # With an initiative on either side in every state (and outcome),
        # and through a shared interest.
        by_initiative = Match.objects.exclude(initiative=None)
        for_initiative = Match.objects.filter(resident=None, need__initiative__isnull=False)
        for matches in (by_initiative, for_initiative):
            assert set(matches.values_list("status", flat=True)) == set(Status)
            ended = matches.filter(status=Status.ENDED)
            assert set(ended.values_list("outcome", flat=True)) == set(Match.Outcome)
        assert Match.objects.filter(talent=None, initiative=None).exists()

    def test_teamleider1_has_a_full_review_queue(self, demo):
        lead = user("teamleider1")
        queue = Match.objects.visible_to(lead).filter(status=Status.PROPOSED)
        assert 10 <= queue.count() <= 20
        assert queue.filter(proposed_at__lt=timezone.now() - timedelta(days=7)).exists()
        # Every lead has proposals to review, and every team has matches in every state.
        for neighbourhood_teams in Team.objects.all():
            states = Match.objects.filter(neighbourhood__teams=neighbourhood_teams)
            assert set(states.values_list("status", flat=True)) == set(Status)

    def test_matches_are_between_consenting_residents_near_each_other(self, demo):
        matches = Match.objects.all()
        assert not matches.filter(
            Q(resident__may_match=False) | Q(helper__may_match=False)
        ).exists()
        assert not matches.exclude(resident=None).exclude(resident__status="active").exists()
        assert not matches.exclude(helper=None).exclude(helper__status="active").exists()
        assert not matches.exclude(need__resident=F("resident")).exclude(resident=None).exists()
        assert not matches.filter(resident=None, need__initiative=None).exists()
        assert not matches.exclude(talent=None).exclude(talent__resident=F("helper")).exists()
        assert (
            not matches.exclude(talent=None).exclude(talent__category=F("need__category")).exists()
        )
        assert (
            not matches.exclude(resident=None)
            .exclude(neighbourhood=F("resident__neighbourhood"))
            .exists()
        )
        # Never in one household; the helper where the suggestions look (the
        # need's district) and where the proposer works.
        assert (
            not matches.exclude(resident__address=None)
            .filter(helper__address=F("resident__address"))
            .exists()
        )
        assert (
            not matches.exclude(helper=None)
            .exclude(helper__neighbourhood__district=F("neighbourhood__district"))
            .exists()
        )
        assert (
            not matches.exclude(helper=None)
            .annotate(ok=covers("proposed_by", "helper__neighbourhood", Membership.Role.WORKER))
            .filter(ok=False)
            .exists()
        )
        # Preferably in the same street, else the same neighbourhood.
        by_place = defaultdict(int)
        for reasons in matches.exclude(resident=None).values_list("reasons", flat=True):
            for reason in reasons:
                by_place[reason["code"]] += 1
        assert by_place["same_street"] > 0.3 * matches.count()
        assert by_place["same_street"] + by_place["same_neighbourhood"] > 0.7 * matches.count()

    def test_a_worker_of_the_team_proposes_and_a_lead_of_the_team_reviews(self, demo):
        matches = Match.objects.annotate(
            by_worker=covers("proposed_by", "neighbourhood", Membership.Role.WORKER),
            by_lead=covers("reviewed_by", "neighbourhood", Membership.Role.LEAD),
        )
        assert not matches.filter(by_worker=False).exists()
        reviewed = matches.filter(
            status__in=[*REVIEWS, Status.INTRODUCED, Status.RUNNING, "ended"]
        )
        assert not reviewed.filter(Q(reviewed_by=None) | Q(reviewed_at=None)).exists()
        assert not reviewed.filter(by_lead=False).exists()
        assert not matches.filter(reviewed_by=F("proposed_by")).exists()
        proposed = matches.filter(status=Status.PROPOSED)
        assert not proposed.exclude(reviewed_by=None, reviewed_at=None, review_note="").exists()
        assert not matches.filter(status__in=[Status.SENT_BACK, Status.REJECTED], review_note="")
        assert not matches.filter(Q(why="") | Q(first_meeting_plan="")).exists()
        assert not matches.filter(why__contains="{").exists()
        assert not MatchEvent.objects.filter(note__contains="{").exists()

    def test_a_need_has_at_most_one_match_in_progress_and_some_had_one_before(self, demo):
        in_progress = Match.objects.in_progress().values("need").annotate(n=Count("pk"))
        assert not in_progress.filter(n__gt=1).exists()
        twice = Match.objects.values("need").annotate(n=Count("pk")).filter(n__gt=1)
        assert twice.exists()
        same_helper = Match.objects.values("need", "helper", "initiative").annotate(n=Count("pk"))
        assert not same_helper.filter(n__gt=1).exists()
        for row in twice:
            matches = list(Match.objects.filter(need=row["need"]).order_by("proposed_at"))
            for earlier in matches[:-1]:
                assert earlier.status == Status.REJECTED or earlier.outcome in (
                    "stopped",
                    "no_click",
                )

    def test_every_match_has_the_events_of_its_transitions_in_order(self, demo):
        events = events_by_match()
        now = timezone.now()
        leads = defaultdict(set)
        for team in Team.objects.prefetch_related("neighbourhoods", "memberships"):
            for neighbourhood in team.neighbourhoods.all():
                leads[neighbourhood.pk] |= {
                    m.user_id for m in team.memberships.all() if m.role == Membership.Role.LEAD
                }
        resubmitted = 0
        for match in Match.objects.select_related("need", "talent"):
            steps = events[match.pk]
            assert steps[0].from_status == "" and steps[0].at == match.proposed_at
            assert steps[-1].to_status == match.status
            for before, after in itertools.pairwise(steps):
                assert after.from_status == before.to_status
                assert after.at > before.at
            for step in steps:
                if step.to_status in REVIEWS:
                    assert step.by_id in leads[match.neighbourhood_id]
                    assert step.by_id != match.proposed_by_id
                else:
                    assert step.by_id == match.proposed_by_id
            resubmitted += any(s.from_status == Status.SENT_BACK for s in steps)
            assert steps[-1].at <= now
            assert match.proposed_at > match.need.created_at
            if match.talent:
                assert match.proposed_at > match.talent.created_at
            reviews = [s for s in steps if s.to_status in REVIEWS]
            last_review = reviews[-1] if reviews else None
            if match.reviewed_at is not None:
                assert (match.reviewed_at, match.reviewed_by_id, match.review_note) == (
                    last_review.at,
                    last_review.by_id,
                    last_review.note,
                )
            dates = {s.to_status: timezone.localtime(s.at).date() for s in steps}
            assert match.introduced_on == dates.get(Status.INTRODUCED)
            assert match.started_on == dates.get(Status.RUNNING)
            assert match.ended_on == dates.get(Status.ENDED)
        assert resubmitted > 0

    def test_needs_and_talents_are_matched_while_a_match_runs_or_after_a_lasting_one(self, demo):
        latest = {}
        for match in Match.objects.order_by("proposed_at"):
            latest[match.need_id] = match
        for need in Need.objects.filter(pk__in=latest):
            match = latest[need.pk]
            running = match.status == Status.RUNNING or match.outcome == "lasting"
            assert (need.status == "matched") == running, (need, match.status)
        assert not Need.objects.filter(status="matched").exclude(pk__in=latest).exists()
        for match in Match.objects.exclude(talent=None).select_related("talent"):
            running = match.status == Status.RUNNING or match.outcome == "lasting"
            assert (match.talent.status == "matched") == running
        assert not Talent.objects.filter(status="matched", matches=None).exists()

    def test_started_matches_have_check_ins_for_the_proposer_some_overdue(self, demo):
        today = timezone.localdate()
        started = Match.objects.filter(status__in=[Status.RUNNING, Status.ENDED])
        for match in started.prefetch_related("check_ins__follow_up"):
            follow_ups = sorted(
                (c.follow_up for c in match.check_ins.all()), key=lambda f: f.due_on
            )
            assert [f.due_on for f in follow_ups] == [
                match.started_on + timedelta(weeks=2),
                match.started_on + timedelta(weeks=6),
            ]
            for follow_up in follow_ups:
                assert follow_up.assigned_to_id == match.proposed_by_id
                assert follow_up.neighbourhood_id == match.neighbourhood_id
                assert follow_up.resident_id == match.resident_id
                assert "Check-in bij de koppeling" in follow_up.description
                if match.status == Status.ENDED:
                    assert follow_up.done_at is not None  # closed when it ended
                    # Those not yet due then were cancelled, not done.
                    assert follow_up.cancelled == (follow_up.due_on >= match.ended_on)
        assert not Match.objects.exclude(status__in=[Status.RUNNING, Status.ENDED]).filter(
            check_ins__isnull=False
        )
        check_ins = FollowUp.objects.filter(match_check_in__isnull=False)
        assert check_ins.overdue(today).exists()
        assert check_ins.open().filter(due_on__gte=today).exists()
        assert not check_ins.filter(done_at__gt=timezone.now()).exists()
        assert not check_ins.filter(done_at__lt=F("created_at")).exists()
        # Matches needing attention: introduced weeks ago and never started.
        assert Match.objects.filter(
            status=Status.INTRODUCED, introduced_on__lt=today - timedelta(weeks=3)
        ).exists()

    def test_reasons_are_the_suggestions_codes_and_render(self, demo):
        codes = set()
        for match in Match.objects.all():
            assert 0 < match.score <= 1
            assert match.reasons
            for data in match.reasons:
                reason = Reason.from_json(data)
                assert reason.code in CODES
                assert reason.text and "%(" not in reason.text
                codes.add(reason.code)
            first = match.reasons[0]["code"]
            if match.initiative_id:
                assert first == "initiative_offers"
            elif match.talent_id is None and match.resident_id:
                assert first == "shared_interest"
            else:
                assert first == "same_category"
                assert match.reasons[0]["params"]["category"] == match.need.category.name
        assert {"same_street", "shared_language", "availability_overlap", "reciprocity"} <= codes
        assert "similar_words" in codes

    def test_every_open_need_of_buurtwerker1s_residents_has_candidates_nearby(self, demo):
        """What the suggestions need to be good: for an open need not in a
        match, consenting neighbours in the district with an open talent of
        the same category."""
        worker = user("buurtwerker1")
        taken = Match.objects.in_progress().values("need")
        needs = (
            Need.objects.visible_to(worker)
            .open()
            .filter(resident__may_match=True, resident__status="active")
            .exclude(pk__in=taken)
            .select_related("resident__neighbourhood")
        )
        assert needs.count() > 100
        talents = Talent.objects.open().filter(resident__may_match=True, resident__status="active")
        lacking = [
            need
            for need in needs
            if not talents.filter(
                category=need.category_id,
                resident__neighbourhood__district=need.resident.neighbourhood.district_id,
            )
            .exclude(resident=need.resident_id)
            .exists()
        ]
        assert not lacking

    def test_every_row_passes_model_validation(self, demo):
        """What COPY does not run: each field's validation (choices,
        lengths, validators) on every row. Foreign keys, unique and check
        constraints the database checked when the demo put them back."""
        check_ins = FollowUp.objects.filter(match_check_in__isnull=False)
        for queryset in [
            Talent.objects.all(),
            Need.objects.all(),
            Initiative.objects.all(),
            InitiativeMember.objects.all(),
            Match.objects.all(),
            MatchEvent.objects.all(),
            MatchCheckIn.objects.all(),
            check_ins,
        ]:
            model = queryset.model
            relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
            assert queryset.exists(), model
            for obj in queryset.iterator():
                obj.full_clean(
                    exclude=relations, validate_unique=False, validate_constraints=False
                )

    def test_every_match_walks_the_lifecycle_table_one_allowed_step_at_a_time(self, demo):
        """Each event is a step of ``lifecycle.TRANSITIONS`` from the status
        the one before left, that the match page offered to whoever took it
        (``lifecycle.allowed_actions``)."""
        users = User.objects.in_bulk()
        events = events_by_match()
        for match in Match.objects.all():
            steps = events[match.pk]
            assert (steps[0].from_status, steps[0].to_status) == ("", lifecycle.FIRST_STATUS)
            for before, after in itertools.pairwise(steps):
                assert after.from_status == before.to_status
                [action] = [
                    action
                    for action, to in lifecycle.TRANSITIONS[after.from_status].items()
                    if to == after.to_status and lifecycle.TAKEN_BY[action] is not None
                ]
                then = Match(
                    pk=match.pk,
                    status=after.from_status,
                    neighbourhood_id=match.neighbourhood_id,
                    proposed_by_id=match.proposed_by_id,
                )
                assert action in lifecycle.allowed_actions(users[after.by_id], then), after
            assert steps[-1].to_status == match.status

    def test_only_residents_who_may_take_part_have_talents_needs_matches_and_memberships(
        self, demo
    ):
        """The model's rules (``Resident.objects.may_be_recorded()``,
        ``may_be_matched()``): what is open or matched, of residents who may
        be recorded (what a resident who moved left behind is closed);
        matches between residents who may be matched; members who may be
        recorded."""
        recordable = Resident.objects.may_be_recorded()
        matchable = Resident.objects.may_be_matched()
        for model in (Talent, Need):
            heard = model.objects.exclude(resident=None)
            assert not heard.filter(resident__may_store=False).exists()
            assert not heard.exclude(status="closed").exclude(resident__in=recordable).exists()
        matches = Match.objects.all()
        assert not matches.exclude(resident=None).exclude(resident__in=matchable).exists()
        assert not matches.exclude(helper=None).exclude(helper__in=matchable).exists()
        assert not InitiativeMember.objects.exclude(resident__in=recordable).exists()

    def test_each_match_has_the_score_and_reasons_the_suggestions_give_it(self, demo):
        """As ``score_pair`` gives them on the talents and needs as they were
        heard, before any match (when the demo asked): the matches, their
        members and the matched statuses taken away again, for a moment."""
        matches = list(Match.objects.select_related("need", "initiative"))
        with transaction.atomic():
            Match.objects.all().delete()
            InitiativeMember.objects.all().delete()
            for model in (Talent, Need):
                model.objects.filter(status="matched").update(status="open")
            for match in matches:
                need = match.need
                if match.talent_id:
                    options = [score_pair(need, talent=match.talent_id)]
                elif match.initiative_id:
                    offers = match.initiative.talents.open().filter(category=need.category_id)
                    options = [score_pair(need, talent=offer) for offer in offers]
                else:  # a shared interest: one of the helper's needs of the kind
                    theirs = Need.objects.open().filter(
                        resident=match.helper_id, category=need.category_id
                    )
                    options = [score_pair(need, shared_need=other) for other in theirs]
                given = [
                    (option.score, [reason.as_json() for reason in option.reasons])
                    for option in options
                    if option is not None
                ]
                assert (match.score, match.reasons) in given, match.pk
            transaction.set_rollback(True)
        assert Match.objects.count() == len(matches)


def test_every_demo_text_is_proposed_the_category_it_is_filed_under(db):
    """So a text typed in the form gets the category the demo gives it, and
    the endings added to some texts change no category."""
    pairs = [(slug, text) for slug, phrasings in demo_texts.TALENTS.items() for text in phrasings]
    pairs += [(slug, text) for slug, phrasings in demo_texts.NEEDS.items() for text in phrasings]
    for template in demo_texts.INITIATIVES:
        pairs += template["offers"] + template["needs"]
    for slug, text in pairs:
        proposed = propose_category(text)
        assert proposed is not None and proposed.slug == slug, text
    for ending in {*demo_texts.TALENT_ENDINGS, *demo_texts.NEED_ENDINGS} - {""}:
        assert rank_categories(ending) == [], ending


TINY_CONTACTS = dataclasses.replace(
    contacts_demo.SCALES["small"], residents=300, conversations=500
)


def test_it_puts_back_every_index_and_constraint_it_set_aside(db):
    before = constraints_and_indexes(MATCHES_TABLES)
    assert len(before[0]) > 20
    assert len(before[1]) > 10
    seed(
        size=dataclasses.replace(matches_demo.SCALES["small"], heard=800, matches=40),
        contacts_size=TINY_CONTACTS,
    )
    assert Match.objects.count() == 40
    assert constraints_and_indexes(MATCHES_TABLES) == before


def test_it_never_sets_aside_the_constraints_of_a_table_that_holds_rows(db):
    before = constraints_and_indexes(MATCHES_TABLES)
    TalentFactory()
    with (
        pytest.raises(RuntimeError, match="already holds rows"),
        transaction.atomic(),
        contacts_demo._indexes_set_aside(matches_demo._FILLED),
    ):
        pass
    assert constraints_and_indexes(MATCHES_TABLES) == before


def test_after_a_flush_it_puts_the_taxonomy_back(db):
    Category.objects.all().delete()  # as after `manage.py flush`
    seed(
        size=dataclasses.replace(matches_demo.SCALES["small"], heard=800, matches=40),
        contacts_size=TINY_CONTACTS,
    )
    assert Category.objects.filter(slug="tuin", name="Tuin en groen").exists()
    assert Talent.objects.filter(category__slug="tuin").exists()


def test_the_large_scale_over_five_years_on_a_small_map(db):
    """The large scale's shape (five years of history, many talents and
    matches per neighbourhood), scaled down so it runs in a moment."""
    contacts_size = dataclasses.replace(
        contacts_demo.SCALES["large"], residents=800, conversations=4000, signals=2, reports=2
    )
    size = dataclasses.replace(matches_demo.SCALES["large"], heard=3000, matches=600)
    result, lines = seed(size=size, contacts_size=contacts_size)
    assert result.counts["talents"] + result.counts["needs"] == 3000
    assert result.counts["matches"] == Match.objects.count() == 600
    assert set(Match.objects.values_list("status", flat=True)) == set(Status)
    # Ended matches over the years, the ones in progress recent. Talents and
    # needs come from the residents' latest conversations, so the matches
    # reach back about two years, not all five.
    years = Match.objects.filter(status=Status.ENDED).dates("proposed_at", "year")
    assert len(years) >= 3
    recent = timezone.now() - timedelta(days=200)
    assert not Match.objects.in_progress().filter(proposed_at__lt=recent).exists()
    assert not Match.objects.in_progress().values("need").annotate(n=Count("pk")).filter(n__gt=1)
    assert "matches: tables analysed" in lines


TALENT_COLUMNS = [
    "resident",
    "initiative__name",
    "text",
    "category__slug",
    "availability",
    "status",
    "created_at",
]
MATCH_COLUMNS = ["pk", "status", "need__text", "helper", "talent__text", "reasons", "why"]
MATCH_COLUMNS += ["proposed_at", "reviewed_by__username", "started_on", "outcome"]


def test_two_runs_with_the_same_seed_make_the_same_data(db):
    now = timezone.now()
    size = dataclasses.replace(matches_demo.SCALES["small"], heard=800, matches=40)

    def seed_and_read():
        result, _ = seed(seed="twice", size=size, contacts_size=TINY_CONTACTS, now=now)
        return (
            result.counts,
            list(Talent.objects.order_by(*TALENT_COLUMNS).values_list(*TALENT_COLUMNS)),
            list(Match.objects.order_by("pk").values_list(*MATCH_COLUMNS)),
            list(
                MatchEvent.objects.order_by("match", "at").values_list(
                    "match", "to_status", "at", "note"
                )
            ),
            sorted(Initiative.objects.values_list("pk", "name", "where")),
        )

    def snapshot():
        data = rolled_back(seed_and_read)
        assert not Match.objects.exists()
        return data

    first, second = snapshot(), snapshot()
    assert first[2][:5] == second[2][:5]
    assert first == second
