"""The door-knock summaries as stored, and recomputed in Python from the
door knocks themselves, to compare the two."""

from contacts.models import DoorKnock, DoorKnockSummary


def summaries_stored():
    """{address id: (knocks, spoke, answered, last knock)} of every summary."""
    rows = DoorKnockSummary.objects.values_list(
        "address_id", "knocks", "spoke", "answered", "last_knock"
    )
    return {address_id: tuple(figures) for address_id, *figures in rows}


def summaries_recomputed():
    """The same, counted knock by knock from the door knocks."""
    summaries = {}
    rows = DoorKnock.objects.values_list("address_id", "outcome", "knocked_at")
    for address_id, outcome, knocked_at in rows:
        knocks, spoke, answered, last = summaries.get(address_id, (0, False, False, knocked_at))
        summaries[address_id] = (
            knocks + 1,
            spoke or outcome == DoorKnock.Outcome.SPOKE,
            answered or DoorKnock.Outcome(outcome).answered,
            max(last, knocked_at),
        )
    return summaries
