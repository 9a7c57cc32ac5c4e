"""Which pages ``bench_pages`` measures, with which objects, and which it
leaves out and why.

Every named URL of the URLconf that takes GET has an entry in
``CATALOGUE`` (or its namespace one in ``SKIPPED_NAMESPACES``): measured
(``Measure``: one or more variants, each a list of requests rotated through)
or skipped (``Skip``: why). A URL name in neither is reported by the command
as "not in the benchmark" and fails ``tests/demo/test_bench_pages.py``: a
new page gets measured without anyone remembering. The read-only POSTs a
worker uses all day (search, typeahead, category proposal) are measured
too, sent as htmx sends them.

Pages are labelled by URL name and variant, never by what they show.
"""

import dataclasses
import datetime

from django.urls import reverse

from buurtwerk.urlconf import named_patterns, takes
from demo.bench.objects import Target
from matches.models import Match

#: What a role that may not see a page gets: 404 by design (403 for the
#: review queue, which says who it is for).
REFUSED = (403, 404)


@dataclasses.dataclass(frozen=True)
class Request:
    method: str  # "get" or "post"
    path: str
    data: dict | None = None
    htmx: bool = False


@dataclasses.dataclass(frozen=True)
class Variant:
    """One way to request a page: ``suffix`` is added to the URL name in the
    label; ``kind`` names the ``Objects`` property it takes its targets
    from ("" for none); ``post`` sends them as htmx POSTs."""

    suffix: str = ""
    kind: str = ""
    query: str = ""
    post: bool = False
    http: bool = False  # also measured by --http

    def requests(self, name, objects):
        targets = getattr(objects, self.kind) if self.kind else [Target()]
        return [
            Request(
                method="post" if self.post else "get",
                path=reverse(name, kwargs=target.kwargs) + (self.query or target.query),
                data=target.data,
                htmx=self.post,
            )
            for target in targets
        ]


@dataclasses.dataclass(frozen=True)
class Measure:
    variants: tuple[Variant, ...] = (Variant(),)
    #: Only for team leads (and admins); other roles get ``refused``.
    lead_only: bool = False
    refused: tuple[int, ...] = REFUSED
    #: Requested logged out (the login page).
    anonymous: bool = False


@dataclasses.dataclass(frozen=True)
class Skip:
    reason: str


@dataclasses.dataclass
class Page:
    """One variant of one URL name, ready to be requested."""

    label: str
    name: str
    requests: list[Request]
    lead_only: bool = False
    refused: tuple[int, ...] = REFUSED
    anonymous: bool = False
    http: bool = False


def _residents(*, http=False):
    """The sampled residents, and the one with the longest history."""
    return (
        Variant(kind="residents", http=http),
        Variant("[longest history]", kind="longest_history", http=http),
    )


#: The year before this one, for a year's report.
_LAST_YEAR = datetime.date.today().year - 1

REAUTHENTICATE = (
    "asks to reauthenticate first (302 to account_reauthenticate), or 404 without an "
    "authenticator app"
)

CATALOGUE: dict[str, Measure | Skip] = {
    # The project
    "home": Measure((Variant(http=True),)),
    "health": Measure((Variant("(trivial page)", http=True),)),
    # Accounts (allauth)
    "account_login": Measure((Variant("(logged out)", http=True),), anonymous=True),
    "account_logout": Measure(),
    "account_inactive": Measure(),
    "account_signup": Skip(
        "sign-up is closed: /account/signup/ is routed to buurtwerk.views.signup_closed, "
        "a redirect to the login"
    ),
    "account_reauthenticate": Measure(),
    "account_request_reauthentication_code": Skip(
        "reauthentication by e-mailed code is off: redirects to account_reauthenticate"
    ),
    "account_confirm_reauthentication_code": Skip(
        "reauthentication by e-mailed code is off: redirects"
    ),
    "account_email": Measure(),
    "account_email_verification_sent": Measure(),
    "account_change_password": Measure(),
    "account_set_password": Skip(
        "for a user without a password; redirects to account_change_password"
    ),
    "account_reset_password": Measure(),
    "account_confirm_login_code": Skip("login by e-mailed code is off: redirects"),
    "account_confirm_email": Skip(
        "needs the key of a confirmation e-mail (e-mail verification is off)"
    ),
    "account_reset_password_from_key": Skip("needs the key of a password-reset e-mail"),
    "account_reset_password_from_key_done": Measure(),
    "account_reset_password_done": Measure(),
    "mfa_index": Measure(),
    "mfa_authenticate": Skip(
        "a step of the login (the code after the password); outside a login it redirects"
    ),
    # Needs an authenticator app, which team leads have and demo workers do not.
    "mfa_reauthenticate": Measure(lead_only=True, refused=(302,)),
    "mfa_activate_totp": Skip(
        "redirects to mfa_index when allauth allows no new app (the lead has one already)"
    ),
    "mfa_deactivate_totp": Skip(REAUTHENTICATE),
    "mfa_view_recovery_codes": Skip(REAUTHENTICATE),
    "mfa_generate_recovery_codes": Skip(REAUTHENTICATE),
    "mfa_download_recovery_codes": Skip(REAUTHENTICATE),
    "usersessions_list": Measure(),
    "set_language": Skip("changes the language on POST; a GET only redirects back"),
    # Residents, search, signals
    "contacts:resident_create": Measure(),
    "contacts:resident_detail": Measure(_residents(http=True)),
    "contacts:resident_edit": Measure((Variant(kind="residents"),)),
    "contacts:resident_search": Measure(
        (
            Variant(),
            Variant("POST htmx, misspelt name", kind="searches_by_name", post=True),
            Variant("POST htmx, street", kind="searches_by_street", post=True),
        )
    ),
    "contacts:signal_create": Measure((Variant(kind="residents"),)),
    # Rounds and door knocks
    "contacts:round_list": Measure(),
    "contacts:round_create": Measure(),
    "contacts:round_detail": Measure(
        (
            Variant(kind="rounds", http=True),
            Variant("[largest round]", kind="largest_round", http=True),
        )
    ),
    # Conversations
    "contacts:conversation_create": Measure(),
    "contacts:conversation_detail": Measure(
        (
            Variant(kind="conversations", http=True),
            Variant("[most residents]", kind="busiest_conversation"),
        )
    ),
    "contacts:conversation_for_resident": Measure((Variant(kind="residents"),)),
    "contacts:conversation_correct": Measure((Variant(kind="conversations_to_correct"),)),
    "contacts:conversation_from_knock": Measure((Variant(kind="knocks_to_log"),)),
    "contacts:conversation_resident_options": Measure(
        (Variant("POST htmx, typeahead", kind="typeahead", post=True),)
    ),
    # Follow-ups and reports
    "contacts:followup_list": Measure(
        (
            Variant(http=True),
            Variant("?show=open", query="?show=open"),
            Variant("?show=done", query="?show=done"),
        )
    ),
    "contacts:followup_create": Measure(),
    "contacts:followup_correct": Measure((Variant(kind="follow_ups_to_move"),)),
    "contacts:signal_list": Measure(
        (
            Variant(),
            Variant("?status=sent", query="?status=sent"),
            Variant("?mine=on", query="?mine=on"),
        )
    ),
    "contacts:signal_detail": Measure((Variant(kind="signals"),)),
    "contacts:my_conversations": Measure(),
    "contacts:not_seen": Measure(
        (
            Variant(),
            Variant("?page=40", query="?page=40"),
            Variant("[filtered]", kind="not_seen_filters"),
        )
    ),
    "contacts:followup_for_resident": Measure((Variant(kind="residents"),)),
    "contacts:report_list": Measure(),
    "contacts:report_create": Measure(),
    "contacts:report_detail": Measure((Variant(kind="reports"),)),
    # Coverage
    "contacts:coverage": Measure((Variant(http=True),)),
    "contacts:coverage_neighbourhood": Measure(
        (
            Variant(kind="neighbourhoods"),
            Variant("[most addresses]", kind="largest_neighbourhood"),
        )
    ),
    "contacts:coverage_unreached": Measure(
        (
            Variant(kind="neighbourhoods"),
            Variant("[largest, ten streets chosen]", kind="unreached_selections"),
        )
    ),
    # Talents and needs
    "contacts:talent_create": Measure((Variant(kind="residents"),)),
    "contacts:need_create": Measure((Variant(kind="residents"),)),
    "contacts:talent_edit": Measure((Variant(kind="talents"),)),
    "contacts:need_edit": Measure((Variant(kind="needs"),)),
    "contacts:category_propose": Measure(
        (Variant("POST htmx", kind="category_texts", post=True),)
    ),
    # Initiatives
    "contacts:initiative_list": Measure((Variant(), Variant("?show=all", query="?show=all"))),
    "contacts:initiative_create": Measure(),
    "contacts:initiative_detail": Measure(
        (
            Variant(kind="initiatives"),
            Variant("[most members]", kind="initiative_most_members"),
        )
    ),
    "contacts:initiative_edit": Measure((Variant(kind="initiatives"),)),
    "contacts:initiative_member_add": Measure(
        (
            Variant(kind="initiatives"),
            Variant("POST htmx, search", kind="member_searches", post=True),
        )
    ),
    "contacts:initiative_offer_add": Measure((Variant(kind="initiatives"),)),
    # Activities
    "contacts:activity_list": Measure(),
    "contacts:activity_create": Measure(),
    "contacts:activity_detail": Measure(
        (
            Variant(kind="activities"),
            Variant("[most there]", kind="activity_most_there"),
        )
    ),
    "contacts:activity_attendee_add": Measure(
        (Variant("POST htmx, search", kind="attendee_searches", post=True),)
    ),
    "contacts:initiative_need_add": Measure((Variant(kind="initiatives"),)),
    # Matches
    "matches:need_suggestions": Measure((Variant(kind="open_needs"),)),
    "matches:talent_suggestions": Measure((Variant(kind="open_talents"),)),
    "matches:match_propose": Measure((Variant("?resident=...", kind="proposals"),)),
    "matches:match_list": Measure(
        (
            Variant(http=True),
            *(Variant(f"?status={s}", query=f"?status={s}") for s in Match.Status.values),
        )
    ),
    "matches:review_queue": Measure(
        (Variant(http=True), Variant("?buurt=...", kind="review_filters")),
        lead_only=True,
    ),
    "matches:match_detail": Measure(
        (Variant(kind="matches"), Variant("[most events]", kind="match_most_events"))
    ),
    # Change history and access log; residents' rights
    "audit:resident_history": Measure(_residents(), lead_only=True),
    "audit:resident_access_log": Measure(_residents(), lead_only=True),
    "privacy:resident_export": Measure(_residents(), lead_only=True),
    "privacy:resident_export_json": Measure(_residents(), lead_only=True),
    "privacy:resident_anonymise": Measure((Variant(kind="residents"),), lead_only=True),
    # Reports ("home" is a team lead's overview for the lead)
    "reports:my_day": Measure(),
    "reports:report": Measure(
        (
            Variant("(last quarter)", http=True),
            Variant("?periode=<last year>", query=f"?periode={_LAST_YEAR}"),
        ),
        lead_only=True,
    ),
    "reports:report_print": Measure(lead_only=True),
    "reports:report_csv": Measure(lead_only=True),
    "reports:report_xlsx": Measure(lead_only=True),
    "reports:story_for_conversation": Measure((Variant(kind="conversations"),)),
    "reports:story_for_match": Measure((Variant(kind="ended_matches"),)),
}

SKIPPED_NAMESPACES = {
    "admin": Skip(
        "the Django admin (/beheer/): for staff only, not a worker's or a team lead's page"
    ),
}


@dataclasses.dataclass
class Coverage:
    """How the URLconf's GET pages are covered: ``entries`` (URL name →
    Measure or Skip, in URLconf order), ``missing`` (URL names that take GET
    and are in no table) and ``stale`` (catalogue names no longer routed)."""

    entries: dict[str, Measure | Skip]
    missing: list[str]
    stale: list[str]


def coverage(resolver=None):
    """Every URL name of the URLconf that takes GET, with its entry; plus
    the measured read-only POSTs."""
    entries, missing, routed = {}, [], set()
    for name, pattern in named_patterns(resolver):
        routed.add(name)
        namespace = name.split(":")[0] if ":" in name else None
        entry = CATALOGUE.get(name) or SKIPPED_NAMESPACES.get(namespace)
        if entry is None:
            if takes(pattern.callback, "get"):
                missing.append(name)
            continue
        entries[name] = entry
    stale = sorted(set(CATALOGUE) - routed)
    return Coverage(entries=entries, missing=missing, stale=stale)


def pages(entries, objects, *, only=""):
    """The pages to request for the user of ``objects``, and the variants
    left out for want of an object: ``(pages, [(label, reason)])``. Only
    labels containing ``only`` (all when empty); targets are picked only for
    those."""
    chosen, empty = [], []
    for name, entry in entries.items():
        if not isinstance(entry, Measure):
            continue
        for variant in entry.variants:
            label = f"{name} {variant.suffix}".strip()
            if only and only not in label:
                continue
            requests = variant.requests(name, objects)
            if not requests:
                empty.append(
                    (label, f"nothing this user may see to request it with ({variant.kind})")
                )
                continue
            chosen.append(
                Page(
                    label=label,
                    name=name,
                    requests=requests,
                    lead_only=entry.lead_only,
                    refused=entry.refused,
                    anonymous=entry.anonymous,
                    http=variant.http,
                )
            )
    return chosen, empty


def skipped(entries):
    """``(URL name, reason)`` of every URL name left out by design."""
    return [(name, entry.reason) for name, entry in entries.items() if isinstance(entry, Skip)]
