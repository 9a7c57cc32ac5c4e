"""Finding residents by name, street, postcode or house number."""

import dataclasses
import re

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import Q

from contacts.models import Resident
from contacts.validators import search_key
from neighbourhoods.models import Address
from neighbourhoods.validators import normalise_postcode

# "1234 AB", "1234ab": four digits (not starting with 0), two letters.
_POSTCODE = re.compile(r"(?<![0-9A-Za-z])([1-9][0-9]{3})\s?([A-Za-z]{2})(?![0-9A-Za-z])")
#: At most this many addresses on the streets found are passed as ids.
STREET_ADDRESSES = 2_000
# "12", "12a", "12-A": a house number with an optional addition.
_HOUSE_NUMBER = re.compile(r"^([0-9]{1,5})(?:-?([A-Za-z]{1,4}))?$")


@dataclasses.dataclass
class SearchTerms:
    """What one search box was taken to mean."""

    postcode: str = ""
    house_number: int | None = None
    addition: str = ""
    text: str = ""

    def __bool__(self):
        return bool(self.postcode or self.house_number or self.text)


def parse_search(term):
    """Split what was typed into a postcode, a house number (with addition)
    and the remaining words (a name or a street)."""
    terms = SearchTerms()
    match = _POSTCODE.search(term)
    if match:
        terms.postcode = normalise_postcode(match.group(1) + match.group(2))
        term = term[: match.start()] + " " + term[match.end() :]
    words = []
    for word in term.split():
        number = _HOUSE_NUMBER.match(word)
        if number and terms.house_number is None:
            terms.house_number = int(number.group(1))
            terms.addition = number.group(2) or ""
        else:
            words.append(word)
    terms.text = " ".join(words)
    return terms


def resident_search(*, user, term):
    """The residents ``user`` may see that match ``term``, best match first,
    with their address, street and neighbourhood (one query per page).

    A postcode filters on the address's postcode and a number on its house
    number; remaining words match the name, accent-insensitively and
    typo-tolerantly (pg_trgm word similarity on ``search_name``, which is
    lower case without accents), or the street name (unaccent). One query
    more for the addresses on the streets whose name matches."""
    terms = parse_search(term)
    residents = Resident.objects.visible_to(user).select_related(
        "address__street", "neighbourhood"
    )
    if not terms:
        return residents.none()
    if terms.postcode:
        residents = residents.filter(address__postcode=terms.postcode)
    if terms.house_number is not None:
        residents = residents.filter(address__house_number=terms.house_number)
        if terms.addition:
            residents = residents.filter(address__addition__iexact=terms.addition)
    key = search_key(terms.text)
    if not key:
        return residents.order_by(
            "address__street__name", "address__house_number", "address__addition", "name", "pk"
        )
    # search_name is already lower case without accents, so a plain
    # (case-sensitive) contains is an icontains that the trigram index serves.
    # The streets first (a small table, one query): with their addresses
    # as ids, every condition is on the residents' own columns, so
    # PostgreSQL combines the trigram index and the address index instead
    # of joining every visible resident to their street to test the OR.
    street_addresses = list(
        Address.objects.visible_to(user)
        .filter(street__name__unaccent__icontains=terms.text)
        .values_list("pk", flat=True)[: STREET_ADDRESSES + 1]
    )
    on_street = (
        Q(address__in=street_addresses)
        if len(street_addresses) <= STREET_ADDRESSES
        else Q(address__street__name__unaccent__icontains=terms.text)  # too vague to list
    )
    return (
        residents.filter(
            Q(search_name__trigram_word_similar=key) | Q(search_name__contains=key) | on_street
        )
        .annotate(similarity=TrigramWordSimilarity(key, "search_name"))
        .order_by("-similarity", "name", "pk")
    )
