"""Every state a resident can be in for "may this resident take part", and
the rule written out on its own, for the table tests of
``Resident.take_part_rule`` (tests/contacts/test_take_part.py and
tests/matches/test_take_part.py).

The rule here is deliberately not taken from the model: breaking the
model's rule (or a place that does not use it) makes the tables differ."""

from contacts.models import Consent, Resident
from tests.contacts.factories import ResidentFactory
from tests.neighbourhoods.factories import AddressFactory

#: (may_store, may_match, may_share) as the database allows them: matching
#: and sharing need consent to storing data (resident_minimal_without_consent).
CONSENTS = [
    (False, False, False),
    (True, False, False),
    (True, True, False),
    (True, False, True),
    (True, True, True),
]

#: Every status with every combination of consents.
STATES = [(status, consents) for status in Resident.Status for consents in CONSENTS]


def label(state):
    """'moved, store+match' for a state: how a table's rows are named."""
    status, (store, match, share) = state
    given = [name for name, flag in (("store", store), ("match", match), ("share", share)) if flag]
    return f"{status.value}, {'+'.join(given) or 'no consent'}"


def may_take_part(state, purpose):
    """The rule: active (not moved or anonymised) and consenting to ``purpose``."""
    status, (store, match, share) = state
    consent = {Consent.STORE: store, Consent.MATCH: match, Consent.SHARE: share}[purpose]
    return status == Resident.Status.ACTIVE and consent


def expected_table(purpose):
    """{label: whether a resident in that state may take part in ``purpose``}."""
    return {label(state): may_take_part(state, purpose) for state in STATES}


def resident_in(state, *, street, **fields):
    """A resident in ``state`` at a new address on ``street``."""
    status, (store, match, share) = state
    return ResidentFactory(
        address=AddressFactory(street=street),
        name=f"Bewoner {label(state)}",
        status=status,
        may_store=store,
        may_match=match,
        may_share=share,
        languages=["nld"] if store else [],
        **fields,
    )


def residents_in_every_state(*, street, **fields):
    """{label: resident} with one resident in each of STATES."""
    return {label(state): resident_in(state, street=street, **fields) for state in STATES}
