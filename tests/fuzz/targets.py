"""What the fuzz tests send, and where: for each form of the project, the
pages that take it, a valid base payload, who sends it, and the complete
change a successful submission makes.

``setup(w)`` gets the world (the shared fixtures plus a few objects, see
``test_forms.world``) and returns ``(url, base payload, user)``; ``user``
None means anonymous. Values are strings or lists of strings; the
``submission_token`` is added fresh for every example when ``token``.

``outcomes`` lists the complete changes a successful submission may make,
each ``(required, allowed)``: ``required`` maps a model label to the exact
change in its row count (or "+" for at least one), ``allowed`` are the
other labels (fnmatch patterns) that may change with it. Change history
(``audit.*Event``) may follow any write.
"""

import dataclasses
import datetime
from collections.abc import Callable

from django.urls import reverse
from django.utils import timezone

from accounts.forms import LoginForm
from contacts.forms.activities import (
    ActivityForm,
    AttendeeAddForm,
    AttendeeRemoveForm,
    AttendeeSearchForm,
    HeadcountForm,
    StageForm,
)
from contacts.forms.conversations import ConversationForm, NewResidentForm
from contacts.forms.corrections import ConversationCorrectForm, FollowUpCorrectForm
from contacts.forms.day import NotSeenFilterForm
from contacts.forms.followups import FollowUpForm
from contacts.forms.heard import HeardCreateForm, HeardEditForm, HeardForm
from contacts.forms.initiatives import (
    InitiativeForm,
    MemberAddForm,
    MemberRoleForm,
    MemberSearchForm,
)
from contacts.forms.reports import ReportCloseForm, ReportForm, ReportLinkForm
from contacts.forms.residents import ConsentForm, ResidentForm, ResidentSearchForm
from contacts.forms.rounds import (
    KnockForm,
    KnockUndoForm,
    MovedForm,
    RoundForm,
    RoundFromSelectionForm,
)
from contacts.forms.signals import SignalFilterForm, SignalForm, SignalStatusForm
from contacts.models import (
    Activity,
    ActivityAttendance,
    Conversation,
    DoorKnock,
    InitiativeMember,
    Organisation,
    Resident,
)
from matches.forms.board import BoardFilterForm
from matches.forms.matches import (
    CancelForm,
    CheckInForm,
    EndForm,
    IntroduceForm,
    ProposalForm,
    ResubmitForm,
    ReviewForm,
    StartForm,
)
from matches.models import Match
from matches.services import lifecycle
from privacy.forms import AnonymiseForm
from tests.accounts.factories import DEFAULT_PASSWORD
from tests.contacts.factories import (
    ActivityFactory,
    ConversationFactory,
    DoorKnockFactory,
    FollowUpFactory,
    InitiativeFactory,
    NeedFactory,
    ReportFactory,
    ResidentFactory,
    RoundFactory,
    SignalFactory,
    TalentFactory,
)
from tests.matches.factories import MatchFactory
from tests.neighbourhoods.factories import AddressFactory

HISTORY = "audit.*Event"


@dataclasses.dataclass(frozen=True)
class Target:
    name: str
    forms: tuple
    setup: Callable
    outcomes: tuple = ()
    token: bool = True
    extra: dict = dataclasses.field(default_factory=dict)
    #: "get" for a filter form sent in the query string (it never writes).
    method: str = "post"
    #: For the valid payload, whether it did what it should (``done(w)``,
    #: read before the savepoint is rolled back), beyond the row counts.
    done: Callable | None = None


#: contacts/views/conversations.py passes the posted "find" unchecked to
#: contacts.selectors.conversations.resident_options: PostgreSQL refuses
#: the NUL and the page is a 500.
def _today(days=0):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def _an_hour_ago():
    return (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")


def _ids(*objects):
    return [str(obj.pk) for obj in objects]


# --- Residents, consents, search ------------------------------------------------


def resident_create(w):
    payload = {
        "name": "Noor el Amrani",
        "postcode": w.address.postcode,
        "house_number": str(w.address.house_number),
        "addition": "",
        "languages": ["nld", "ara"],
        "reach_by": Resident.ReachBy.WORKER,
        "phone": "06 12345678",
        "email": "noor@example.org",
        "consent_store": "yes",
        "consent_match": "yes",
        "consent_share": "no",
        "consent_method": "spoken",
    }
    return reverse("contacts:resident_create"), payload, w.worker


def resident_edit(w):
    r = w.resident
    payload = {
        "name": "Anna de Vries-Jansen",
        "postcode": w.address.postcode,
        "house_number": str(w.address.house_number),
        "addition": "",
        "languages": ["nld"],
        "reach_by": Resident.ReachBy.WORKER,
        "phone": "",
        "email": "",
        "status": Resident.Status.ACTIVE,
        "version": str(r.version),
    }
    return reverse("contacts:resident_edit", args=[r.pk]), payload, w.worker


def consent_update(w):
    payload = {"purpose": "share", "answer": "yes", "method": "spoken"}
    return reverse("contacts:consent_update", args=[w.resident.pk]), payload, w.worker


def resident_search(w):
    return reverse("contacts:resident_search"), {"q": "Anna", "page": "1"}, w.worker


def signal_create(w):
    resident = ResidentFactory(address=w.address, may_share=True)
    organisation = Organisation.objects.create(name="Schuldhulp Proefstad", phone="0201234567")
    payload = {
        "kind": "referral",
        "organisation": str(organisation.pk),
        "reason": "Zorgen over post die blijft liggen.",
        "conversation": "",
    }
    return reverse("contacts:signal_create", args=[resident.pk]), payload, w.worker


# --- Follow-ups, reports, rounds --------------------------------------------------


def followup_create(w):
    payload = {
        "description": "Terugbellen over de tuin",
        "due_on": _today(3),
        "assigned_to": str(w.worker.pk),
        "neighbourhood": str(w.neighbourhood.pk),
    }
    return reverse("contacts:followup_create"), payload, w.worker


def followup_for_resident(w):
    _url, payload, user = followup_create(w)
    del payload["neighbourhood"]
    return reverse("contacts:followup_for_resident", args=[w.resident.pk]), payload, user


def report_create(w):
    payload = {
        "source": "housing",
        "reporter": "Woningcorporatie",
        "received_on": _today(),
        "postcode": w.address.postcode,
        "house_number": str(w.address.house_number),
        "addition": "",
        "description": "Afval in het trappenhuis.",
        "assigned_to": str(w.worker.pk),
    }
    return reverse("contacts:report_create"), payload, w.worker


def round_create(w):
    AddressFactory(street=w.address.street, house_number=w.address.house_number + 1)
    payload = {
        "street": str(w.address.street_id),
        "number_from": "",
        "number_to": "",
        "side": "",
        "planned_for": _today(1),
        "worker": str(w.worker.pk),
        "second_worker": "",
        "note": "Met de tolk",
    }
    return reverse("contacts:round_create"), payload, w.worker


def knock_record(w):
    round_ = RoundFactory(neighbourhood=w.neighbourhood, worker=w.worker, addresses=[w.address])
    url = reverse("contacts:knock_record", args=[round_.pk, w.address.pk])
    return url, {"outcome": "come_back"}, w.worker


def knock_undo(w):
    round_ = RoundFactory(neighbourhood=w.neighbourhood, worker=w.worker, addresses=[w.address])
    knock = DoorKnock.objects.create(
        address=w.address,
        round=round_,
        worker=w.worker,
        outcome="not_home",
        knocked_at=timezone.now(),
    )
    url = reverse("contacts:knock_undo", args=[round_.pk, w.address.pk])
    return url, {"knock": str(knock.pk)}, w.worker


def knock_moved(w):
    round_ = RoundFactory(neighbourhood=w.neighbourhood, worker=w.worker, addresses=[w.address])
    url = reverse("contacts:knock_moved", args=[round_.pk, w.address.pk])
    return url, {"residents": _ids(w.resident)}, w.worker


def round_from_selection(w):
    url = reverse("contacts:coverage_unreached", args=[w.neighbourhood.pk])
    payload = {
        "addresses": _ids(w.address),
        "planned_for": _today(1),
        "worker": str(w.worker.pk),
        "second_worker": "",
        "note": "",
    }
    return f"{url}?straat={w.address.street_id}", payload, w.worker


def board_filter(w):
    # A filter sent by GET (Target.method): it shows, it never writes.
    return (
        reverse("matches:board"),
        {"buurt": str(w.neighbourhood.pk), "soort": "vraag", "categorie": str(w.category.pk)},
        w.worker,
    )


def not_seen_filter(w):
    # A filter sent by GET (Target.method): it shows, it never writes.
    return reverse("contacts:not_seen"), {"straat": "", "taal": "nld"}, w.worker


# --- Conversations ------------------------------------------------------------------


def _conversation_payload(w, **overrides):
    payload = {
        "happened_at": _an_hour_ago(),
        "place": Conversation.Place.HOME,
        "workers": _ids(w.worker),
        "residents": _ids(w.resident),
        "themes": [],
        "notes": "Over de tuin gepraat.",
        "follow_up_description": "Terugbellen",
        "follow_up_due_on": _today(7),
        "new-name": "",
        "new-may_store": "",
        "new-may_match": "",
        "new-may_share": "",
        "new-consent_method": "spoken",
        "talents-TOTAL_FORMS": "2",
        "talents-INITIAL_FORMS": "0",
        "talents-0-text": "Kookt graag voor anderen",
        "talents-0-category": "",
        "talents-0-availability": ["weekday_evening"],
        "needs-TOTAL_FORMS": "2",
        "needs-INITIAL_FORMS": "0",
        "needs-0-text": "Zoekt iemand om mee te wandelen",
        "needs-0-category": str(w.category.pk),
        "save": "1",
    }
    payload.update(overrides)
    return payload


#: What "find" without JavaScript and "another row" add to the form.
CONVERSATION_BUTTONS = {"find_resident": "1", "find": "Anna", "more_rows": "talents"}


def conversation_create(w):
    payload = _conversation_payload(w, **{"new-name": "Sem Bakker", "new-may_store": "yes"})
    return reverse("contacts:conversation_create"), payload, w.worker


def conversation_from_knock(w):
    round_ = RoundFactory(neighbourhood=w.neighbourhood, worker=w.worker, addresses=[w.address])
    knock = DoorKnockFactory(
        address=w.address, round=round_, worker=w.worker, outcome=DoorKnock.Outcome.SPOKE
    )
    url = reverse("contacts:conversation_from_knock", args=[knock.pk])
    return url, _conversation_payload(w, place=Conversation.Place.DOORSTEP), w.worker


def conversation_resident_options(w):
    payload = {"find": "Anna", "listed": [], "residents": [], "neighbourhood": ""}
    return reverse("contacts:conversation_resident_options"), payload, w.worker


# --- Talents and needs ----------------------------------------------------------------


def talent_create(w):
    payload = {"text": "Repareert fietsen", "category": "", "availability": ["weekend_morning"]}
    return reverse("contacts:talent_create", args=[w.resident.pk]), payload, w.worker


def talent_edit(w):
    talent = TalentFactory(resident=w.resident, category=w.category)
    payload = {
        "text": "Repareert fietsen en brommers",
        "category": str(w.category.pk),
        "availability": ["weekday_evening"],
        "status": "open",
    }
    return reverse("contacts:talent_edit", args=[talent.pk]), payload, w.worker


def initiative_need_add(w):
    initiative = InitiativeFactory(neighbourhoods=[w.neighbourhood])
    payload = {"text": "Vrijwilligers voor de kookavond", "category": "", "availability": []}
    return reverse("contacts:initiative_need_add", args=[initiative.pk]), payload, w.worker


def category_propose(w):
    payload = {
        "prefix": "talents-0",
        "talents-0-text": "werkt graag in de tuin",
        "talents-0-category": "",
        "talents-0-category_proposed": "",
    }
    return reverse("contacts:category_propose"), payload, w.worker


# --- Initiatives --------------------------------------------------------------------------


def initiative_create(w):
    payload = {
        "name": "Kookclub Oost",
        "description": "Samen koken in het buurthuis.",
        "where": "Buurthuis, dinsdag 18:00",
        "neighbourhoods": _ids(w.neighbourhood),
        "is_active": "on",
    }
    return reverse("contacts:initiative_create"), payload, w.worker


def initiative_edit(w):
    initiative = InitiativeFactory(neighbourhoods=[w.neighbourhood])
    _url, payload, user = initiative_create(w)
    payload["version"] = initiative.version
    return reverse("contacts:initiative_edit", args=[initiative.pk]), payload, user


def member_search(w):
    initiative = InitiativeFactory(neighbourhoods=[w.neighbourhood])
    url = reverse("contacts:initiative_member_add", args=[initiative.pk])
    return url, {"q": "Anna"}, w.worker


def member_add(w):
    initiative = InitiativeFactory(neighbourhoods=[w.neighbourhood])
    url = reverse("contacts:initiative_member_add", args=[initiative.pk])
    return url, {"resident": str(w.resident.pk), "role": "member", "q": "Anna"}, w.worker


def member_role(w):
    initiative = InitiativeFactory(neighbourhoods=[w.neighbourhood])
    InitiativeMember.objects.create(initiative=initiative, resident=w.resident)
    url = reverse("contacts:initiative_member_role", args=[initiative.pk, w.resident.pk])
    return url, {"role": "organiser"}, w.worker


# --- Matches ------------------------------------------------------------------------------


def _helper_with_talent(w):
    helper = ResidentFactory(
        address=AddressFactory(street=w.address.street), name="Karim Hovenier"
    )
    return helper, TalentFactory(resident=helper, category=w.category, text="Werkte als hovenier")


def match_propose(w):
    need = NeedFactory(resident=w.resident, category=w.category, text="Kan niet meer maaien")
    helper, talent = _helper_with_talent(w)
    url = reverse("matches:match_propose", args=[need.pk])
    url += f"?resident={helper.pk}&talent={talent.pk}"
    payload = {"why": "Allebei in dezelfde straat.", "first_meeting_plan": "Koffie bij haar."}
    return url, payload, w.worker


def _match(w, *steps):
    """A match proposed by the worker, taken through ``steps``."""
    helper, talent = _helper_with_talent(w)
    match = MatchFactory(
        need__resident=w.resident,
        need__category=w.category,
        talent=talent,
        helper=helper,
        proposed_by=w.worker,
    )
    for step in steps:
        step(match)
        match.refresh_from_db()
    return match


def _transition(match, action):
    return reverse("matches:match_transition", args=[match.pk, action])


def match_review(w):
    return _transition(_match(w), "send_back"), {"note": "Eerst even bellen."}, w.lead


def match_resubmit(w):
    def send_back(match):
        lifecycle.match_send_back(match=match, by=w.lead, note="Plan ontbreekt.")

    match = _match(w, send_back)
    payload = {"why": "Beter uitgelegd.", "first_meeting_plan": "Ik ben erbij."}
    return _transition(match, "resubmit"), payload, w.worker


def _approve(w):
    return lambda match: lifecycle.match_approve(match=match, by=w.lead)


def _introduce(w):
    return lambda match: lifecycle.match_introduce(
        match=match, by=w.worker, introduced_on=timezone.localdate()
    )


def match_introduce(w):
    match = _match(w, _approve(w))
    payload = {"introduced_on": _today(), "worker_present": str(w.worker.pk)}
    return _transition(match, "introduce"), payload, w.worker


def match_start(w):
    match = _match(w, _approve(w), _introduce(w))
    return _transition(match, "start"), {"started_on": _today()}, w.worker


def match_end(w):
    def start(match):
        lifecycle.match_start(match=match, by=w.worker, started_on=timezone.localdate())

    match = _match(w, _approve(w), _introduce(w), start)
    payload = {
        "outcome": Match.Outcome.LASTING,
        "reason": "Ze zien elkaar nu zelf.",
        "seeker_view": "Fijn.",
        "helper_view": "",
        "ended_on": _today(),
    }
    return _transition(match, "end"), payload, w.worker


def match_cancel(w):
    match = _match(w, _approve(w))
    return _transition(match, "cancel"), {"reason": "Ze zagen er toch van af."}, w.worker


def match_check_in(w):
    def start(match):
        lifecycle.match_start(match=match, by=w.worker, started_on=timezone.localdate())

    match = _match(w, _approve(w), _introduce(w), start)
    check_in = match.check_ins.order_by("pk").first()
    url = reverse("matches:match_check_in", args=[match.pk, check_in.pk])
    payload = {"answer": "going_well", "note": "Gaat goed.", "seeker_view": "", "helper_view": ""}
    return url, payload, w.worker


# --- Corrections, the loops of signals and reports (issue 16) ----------------------


def conversation_correct(w):
    conversation = ConversationFactory(
        neighbourhood=w.neighbourhood, created_by=w.worker, residents=[w.resident]
    )
    payload = {"residents": _ids(w.resident), "themes": [], "notes": "Gecorrigeerd verslag."}
    return reverse("contacts:conversation_correct", args=[conversation.pk]), payload, w.worker


def followup_correct(w):
    follow_up = FollowUpFactory(
        neighbourhood=w.neighbourhood, assigned_to=w.worker, created_by=w.worker
    )
    payload = {"due_on": _today(5), "assigned_to": str(w.worker.pk)}
    return reverse("contacts:followup_correct", args=[follow_up.pk]), payload, w.worker


def signal_list_filter(w):
    return (
        reverse("contacts:signal_list"),
        {"status": "sent", "organisation": "", "mine": "on"},
        w.worker,
    )


def signal_answer(w):
    signal = SignalFactory(
        resident__neighbourhood=w.neighbourhood, resident__address=w.address, created_by=w.worker
    )
    payload = {"status": "accepted", "feedback": "Ze pakken het op."}
    return reverse("contacts:signal_detail", args=[signal.pk]), payload, w.worker


def report_link(w):
    report = ReportFactory(address=w.address)
    conversation = ConversationFactory(
        neighbourhood=w.neighbourhood, created_by=w.worker, residents=[w.resident]
    )
    payload = {"conversation": str(conversation.pk), "initiative": ""}
    return reverse("contacts:report_link", args=[report.pk]), payload, w.worker


def report_close(w):
    report = ReportFactory(address=w.address)
    payload = {"outcome": "Het trappenhuis is samen met bewoners opgeruimd."}
    return reverse("contacts:report_close", args=[report.pk]), payload, w.worker


# --- Activities and stages (issue 16, point 4) ---------------------------------------------


def activity_create(w):
    payload = {
        "kind": "activity",
        "title": "Schoonmaakmiddag",
        "held_on": _today(),
        "starts_at": "14:00",
        "place": "Trappenhuis",
        "neighbourhood": str(w.neighbourhood.pk),
        "initiative": "",
        "report": "",
        "description": "Samen opgeruimd.",
    }
    return reverse("contacts:activity_create"), payload, w.worker


def _activity(w):
    return ActivityFactory(neighbourhood=w.neighbourhood)


def activity_attendee_search(w):
    url = reverse("contacts:activity_attendee_add", args=[_activity(w).pk])
    return url, {"q": "Anna"}, w.worker


def activity_attendee_add(w):
    url = reverse("contacts:activity_attendee_add", args=[_activity(w).pk])
    return url, {"resident": str(w.resident.pk), "role": "attendee", "q": "Anna"}, w.worker


def activity_attendee_remove(w):
    activity = _activity(w)
    ActivityAttendance.objects.create(activity=activity, resident=w.resident)
    url = reverse("contacts:activity_attendee_remove", args=[activity.pk, w.resident.pk])
    return url, {"role": "attendee"}, w.worker


def activity_headcount(w):
    url = reverse("contacts:activity_headcount", args=[_activity(w).pk])
    return url, {"headcount": "12", "version": "1"}, w.worker


def initiative_stage(w):
    initiative = InitiativeFactory(neighbourhoods=[w.neighbourhood])
    return (
        reverse("contacts:initiative_stage", args=[initiative.pk]),
        {"stage": "stopped"},
        w.worker,
    )


# --- Residents' rights ---------------------------------------------------------------------


def resident_anonymise(w):
    url = reverse("privacy:resident_anonymise", args=[w.resident.pk])
    return url, {"confirm": "on"}, w.lead


# --- Login ---------------------------------------------------------------------------------


def login(w):
    return (
        reverse("account_login"),
        {"login": w.worker.username, "password": DEFAULT_PASSWORD},
        None,
    )


# --- The table -----------------------------------------------------------------------------

CREATED = "buurtwerk.FormSubmission"
#: What a saved conversation form may have written (``Target.outcomes``).
CONVERSATION_OUTCOMES = (
    # A conversation WITH its links: who took part and which workers.
    (
        {
            "contacts.Conversation": 1,
            "contacts.ConversationWorker": "+",
            "contacts.Conversation_residents": "+",
            CREATED: 1,
        },
        {"contacts.*", "contacts.Talent", "contacts.Need"},
    ),
    # Someone new who refused storing their data: only the refusal.
    ({"contacts.Resident": 1, "contacts.ConsentRecord": "+", CREATED: 1}, set()),
)

TARGETS = [
    Target(
        "resident_create",
        (ResidentForm,),
        resident_create,
        outcomes=(({"contacts.Resident": 1, CREATED: 1}, {"contacts.ConsentRecord"}),),
    ),
    Target(
        "resident_edit",
        (ResidentForm,),
        resident_edit,
        outcomes=(({}, set()),),
        token=False,
    ),
    Target(
        "consent_update",
        (ConsentForm,),
        consent_update,
        outcomes=(({"contacts.ConsentRecord": 1, CREATED: 1}, set()),),
    ),
    Target("resident_search", (ResidentSearchForm,), resident_search, token=False),
    Target(
        "signal_create",
        (SignalForm,),
        signal_create,
        # The signal, and the follow-up to check its answer.
        outcomes=(({"contacts.Signal": 1, "contacts.FollowUp": 1, CREATED: 1}, set()),),
    ),
    Target(
        "followup_create",
        (FollowUpForm,),
        followup_create,
        outcomes=(({"contacts.FollowUp": 1, CREATED: 1}, set()),),
    ),
    Target(
        "followup_for_resident",
        (FollowUpForm,),
        followup_for_resident,
        outcomes=(({"contacts.FollowUp": 1, CREATED: 1}, set()),),
    ),
    Target(
        "report_create",
        (ReportForm,),
        report_create,
        outcomes=(({"contacts.Report": 1, "contacts.FollowUp": 1, CREATED: 1}, set()),),
    ),
    Target(
        "round_create",
        (RoundForm,),
        round_create,
        outcomes=(({"contacts.Round": 1, "contacts.Round_addresses": "+", CREATED: 1}, set()),),
    ),
    Target(
        "knock_record",
        (KnockForm,),
        knock_record,
        outcomes=(
            (
                {"contacts.DoorKnock": 1, "contacts.DoorKnockSummary": 1, CREATED: 1},
                {"contacts.FollowUp"},
            ),
        ),
    ),
    Target(
        "knock_undo",
        (KnockUndoForm,),
        knock_undo,
        outcomes=(
            (
                {
                    "contacts.DoorKnock": -1,
                    "contacts.DoorKnockCorrection": 1,
                    CREATED: 1,
                },
                {"contacts.DoorKnockSummary"},
            ),
        ),
    ),
    Target(
        "knock_moved",
        (MovedForm,),
        knock_moved,
        outcomes=(({CREATED: 1}, set()),),
    ),
    Target(
        "round_from_selection",
        (RoundFromSelectionForm,),
        round_from_selection,
        outcomes=(({"contacts.Round": 1, "contacts.Round_addresses": "+", CREATED: 1}, set()),),
    ),
    Target("not_seen_filter", (NotSeenFilterForm,), not_seen_filter, token=False, method="get"),
    Target("board_filter", (BoardFilterForm,), board_filter, token=False, method="get"),
    Target(
        "conversation_create",
        (ConversationForm, NewResidentForm, HeardForm),
        conversation_create,
        extra=CONVERSATION_BUTTONS,
        outcomes=CONVERSATION_OUTCOMES,
    ),
    Target(
        "conversation_from_knock",
        (ConversationForm, NewResidentForm, HeardForm),
        conversation_from_knock,
        extra=CONVERSATION_BUTTONS,
        outcomes=CONVERSATION_OUTCOMES,
    ),
    Target(
        "conversation_resident_options",
        (),
        conversation_resident_options,
        token=False,
    ),
    Target(
        "talent_create",
        (HeardCreateForm,),
        talent_create,
        outcomes=(({"contacts.Talent": 1, CREATED: 1}, set()),),
    ),
    Target(
        "initiative_need_add",
        (HeardCreateForm,),
        initiative_need_add,
        outcomes=(({"contacts.Need": 1, CREATED: 1}, set()),),
    ),
    Target(
        "talent_edit",
        (HeardEditForm,),
        talent_edit,
        outcomes=(({}, {"matches.*"}),),
        token=False,
    ),
    Target(
        "category_propose",
        (HeardForm,),
        category_propose,
        token=False,
        # matches/views/heard.py passes the posted words unchecked to
        # contacts.categorise.propose_category: a NUL is a 500.
    ),
    Target(
        "initiative_create",
        (InitiativeForm,),
        initiative_create,
        outcomes=(
            (
                {"contacts.Initiative": 1, "contacts.Initiative_neighbourhoods": "+", CREATED: 1},
                # Its first stage, in the stage history.
                {"contacts.InitiativeStageEvent"},
            ),
        ),
    ),
    Target(
        "initiative_edit",
        (InitiativeForm,),
        initiative_edit,
        outcomes=(({}, {"contacts.Initiative_neighbourhoods", "contacts.InitiativeStageEvent"}),),
        token=False,
    ),
    Target("member_search", (MemberSearchForm,), member_search, token=False),
    Target(
        "member_add",
        (MemberAddForm,),
        member_add,
        outcomes=(({"contacts.InitiativeMember": 1, CREATED: 1}, set()),),
    ),
    Target("member_role", (MemberRoleForm,), member_role, outcomes=(({}, set()),), token=False),
    Target(
        "match_propose",
        (ProposalForm,),
        match_propose,
        outcomes=(({"matches.Match": 1, CREATED: 1}, {"matches.MatchEvent"}),),
    ),
    Target(
        "match_review",
        (ReviewForm,),
        match_review,
        outcomes=(({"matches.MatchEvent": 1}, set()),),
        token=False,
    ),
    Target(
        "match_resubmit",
        (ResubmitForm,),
        match_resubmit,
        outcomes=(({"matches.MatchEvent": 1}, set()),),
        token=False,
    ),
    Target(
        "match_introduce",
        (IntroduceForm,),
        match_introduce,
        outcomes=(({"matches.MatchEvent": 1}, set()),),
        token=False,
    ),
    Target(
        "match_start",
        (StartForm,),
        match_start,
        outcomes=(({"matches.MatchEvent": 1}, {"matches.MatchCheckIn", "contacts.FollowUp"}),),
        token=False,
    ),
    Target(
        "match_end",
        (EndForm,),
        match_end,
        outcomes=(({"matches.MatchEvent": 1}, {"matches.*", "contacts.FollowUp"}),),
        token=False,
    ),
    Target(
        "resident_anonymise",
        (AnonymiseForm,),
        resident_anonymise,
        # One service in one transaction: the resident's consents withdrawn,
        # their free text blanked, old history erased (see tests/privacy).
        outcomes=(({}, {"contacts.*", "matches.*"}),),
        token=False,
        done=lambda w: Resident.objects.get(pk=w.resident.pk).status == Resident.Status.ANONYMISED,
    ),
    Target("login", (LoginForm,), login, outcomes=(({}, {"accounts.*"}),), token=False),
    Target(
        "conversation_correct",
        (ConversationCorrectForm,),
        conversation_correct,
        outcomes=(({}, {"contacts.*", "audit.*"}),),
        token=False,
    ),
    Target(
        "followup_correct",
        (FollowUpCorrectForm,),
        followup_correct,
        outcomes=(({}, {"contacts.*", "audit.*"}),),
        token=False,
    ),
    Target(
        "signal_list_filter", (SignalFilterForm,), signal_list_filter, token=False, method="get"
    ),
    Target(
        "signal_answer",
        (SignalStatusForm,),
        signal_answer,
        outcomes=(({}, {"contacts.*", "audit.*"}),),
        token=False,
    ),
    Target(
        "report_link",
        (ReportLinkForm,),
        report_link,
        outcomes=(({}, {"contacts.*", "audit.*"}),),
        token=False,
    ),
    Target(
        "activity_create",
        (ActivityForm,),
        activity_create,
        outcomes=(({"contacts.Activity": 1, CREATED: 1}, {"contacts.Report_activities"}),),
    ),
    Target(
        "activity_attendee_search", (AttendeeSearchForm,), activity_attendee_search, token=False
    ),
    Target(
        "activity_attendee_add",
        (AttendeeAddForm,),
        activity_attendee_add,
        outcomes=(
            ({"contacts.ActivityAttendance": 1, CREATED: 1}, set()),
            ({"contacts.ActivityOrganiser": 1, CREATED: 1}, set()),
        ),
    ),
    Target(
        "activity_attendee_remove",
        (AttendeeRemoveForm,),
        activity_attendee_remove,
        outcomes=(
            ({"contacts.ActivityAttendance": -1}, set()),
            ({"contacts.ActivityOrganiser": -1}, set()),
            ({}, set()),
        ),
        token=False,
    ),
    Target(
        "activity_headcount",
        (HeadcountForm,),
        activity_headcount,
        outcomes=(({}, set()),),
        token=False,
        done=lambda w: Activity.objects.filter(headcount=12).exists(),
    ),
    Target(
        "initiative_stage",
        (StageForm,),
        initiative_stage,
        outcomes=(({}, {"contacts.InitiativeStageEvent"}),),
        token=False,
    ),
    Target(
        "report_close",
        (ReportCloseForm,),
        report_close,
        outcomes=(({}, {"contacts.*", "audit.*"}),),
        token=False,
    ),
    Target(
        "match_cancel",
        (CancelForm,),
        match_cancel,
        outcomes=(({"matches.MatchEvent": 1}, {"contacts.*", "matches.*", "audit.*"}),),
        token=False,
    ),
    Target(
        "match_check_in",
        (CheckInForm,),
        match_check_in,
        outcomes=(({}, {"contacts.*", "matches.*", "audit.*"}),),
        token=False,
    ),
]
