"""The menu bar: one list, so the pages and their sections stay in step."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# (URL name, label, URL names of the pages that belong to the section)
SECTIONS = [
    ("home", _("My day"), {"home"}),
    (
        "contacts:round_list",
        _("Rounds"),
        {"round_list", "round_create", "round_detail", "conversation_from_knock"},
    ),
    (
        "contacts:resident_search",
        _("Find"),
        {"resident_search", "resident_detail", "resident_edit", "resident_create"},
    ),
    ("contacts:followup_list", _("Follow-ups"), {"followup_list", "followup_create"}),
    (
        "matches:match_list",
        _("Matches"),
        {
            "match_list",
            "match_detail",
            "match_propose",
            "review_queue",
            "need_suggestions",
            "talent_suggestions",
        },
    ),
    ("matches:board", _("Needs and offers"), {"board"}),
    (
        "contacts:initiative_list",
        _("Initiatives"),
        {
            "initiative_list",
            "initiative_detail",
            "initiative_create",
            "initiative_edit",
            "initiative_member_add",
            "initiative_offer_add",
            "initiative_need_add",
        },
    ),
    ("contacts:report_list", _("Reports"), {"report_list", "report_create", "report_detail"}),
    ("contacts:coverage", _("Coverage"), {"coverage", "coverage_neighbourhood"}),
]


def navigation(request):
    """Context processor: ``navigation`` is a list of (url, label, is_current)
    for a logged-in user, empty otherwise. An error page can be rendered
    before the authentication middleware ran (a wrong Host header answers
    400 from CommonMiddleware): then there is no ``request.user``."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match else None
    return {
        "navigation": [
            (reverse(name), label, current in section) for name, label, section in SECTIONS
        ]
    }
