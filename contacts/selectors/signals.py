"""Reads for signals and referrals: the list for workers and team leads."""

from contacts.models import Signal


def signals_for_list(*, user, status=None, organisation=None, mine=False):
    """Visible signals and referrals, newest first, with their resident,
    organisation and who sent them; narrowed to a ``status``, an
    ``organisation`` or those ``user`` sent (``mine``). Not evaluated (one
    query per page, read off ``signal_newest``)."""
    signals = Signal.objects.visible_to(user).select_related(
        "resident", "organisation", "created_by"
    )
    if status:
        signals = signals.filter(status=status)
    if organisation is not None:
        signals = signals.filter(organisation=organisation)
    if mine:
        signals = signals.filter(created_by=user)
    return signals.order_by("-created_at", "-id")


def signal_for_detail(*, user, pk):
    """A visible signal with its resident, organisation, conversation, who
    sent it and who last changed its status; None when not visible. One
    query."""
    return (
        Signal.objects.visible_to(user)
        .select_related(
            "resident", "organisation", "conversation", "created_by", "status_changed_by"
        )
        .filter(pk=pk)
        .first()
    )
