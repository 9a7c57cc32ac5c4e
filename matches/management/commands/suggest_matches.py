import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Exists, OuterRef
from django.utils import translation

from contacts.models import Consent, Need, Resident
from matches.models import Match
from matches.suggestions import suggest_for_need


def _resident_id(resident):
    """The resident's ref when they have one, else the opaque id."""
    return resident.external_ref or str(resident.pk)


def _candidate_json(candidate):
    data = {
        "resident": _resident_id(candidate.resident) if candidate.resident else None,
        "talent": candidate.talent.text if candidate.talent else None,
        "score": round(candidate.score, 3),
        "reasons": [reason.render(category_language="nl") for reason in candidate.reasons],
    }
    if candidate.initiative is not None:
        data["initiative"] = str(candidate.initiative.pk)
    return data


def suggestions_document(*, limit, resident=None):
    """The ``suggest_matches`` JSON document as a dict: for every open need
    of a resident (of ``resident``) who may be matched and whose need is not
    taken, the best ``limit`` candidates. Two or three queries per need."""
    taken = Match.objects.in_progress().filter(need=OuterRef("pk"))
    needs = (
        Need.objects.open()
        .filter(Resident.taking_part_q(Consent.MATCH, through="resident"))
        .exclude(Exists(taken))
        .select_related("resident")
        .order_by("resident__external_ref", "resident__id", "pk")
    )
    if resident is not None:
        needs = needs.filter(resident=resident)
    with translation.override("en"):
        return {
            "suggestions": [
                {
                    "need": {"resident": _resident_id(need.resident), "text": need.text},
                    "candidates": [
                        _candidate_json(candidate)
                        for candidate in suggest_for_need(need, limit=limit)
                    ],
                }
                for need in needs
            ]
        }


class Command(BaseCommand):
    help = (
        "Print, as one JSON document, the best candidates for every open need of a resident "
        "who consented to being matched (one resident's with --resident REF), best first: "
        'the format of ../shared/matching/FORMAT.md: {"suggestions": [{"need": {"resident", '
        '"text"}, "candidates": [{"resident", "talent", "score", "reasons"}]}]}. A resident '
        "is their ref, or their opaque id when they have none. Reasons are the page's, in "
        "English, with the category names in Dutch (as in the format's example). A need whose "
        "match is in progress is left out. Additions to the format: an initiative as candidate "
        'has "resident": null and "initiative": its id; a resident who wants the same (a '
        'shared interest) has "talent": null. Needs of initiatives are not listed.'
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json"], default="json", help="Only json.")
        parser.add_argument(
            "--limit", type=int, default=10, help="Candidates per need (default 10)."
        )
        parser.add_argument("--resident", help="Only this resident's needs: their ref or id.")

    def handle(self, *args, limit, resident, **options):
        if limit < 1:
            raise CommandError("--limit must be 1 or more.")
        person = None
        if resident:
            person = Resident.objects.filter(external_ref=resident).first()
            if person is None:
                try:
                    person = Resident.objects.filter(pk=resident).first()
                except ValidationError:
                    person = None
            if person is None:
                raise CommandError(f"No resident with ref or id {resident!r}.")
        document = suggestions_document(limit=limit, resident=person)
        self.stdout.write(json.dumps(document, ensure_ascii=False, indent=1))
