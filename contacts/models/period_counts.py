"""Counts per calendar period, kept by the database, for the period reports.

A year's report for every neighbourhood would otherwise count a million
conversations, their residents and their themes, and the door knocks, twice
(the year and the one before) on every request. These tables hold the same
counts per calendar month, quarter and year (``months`` 1, 3 or 12, the
period starting on ``starts_on``, local days in ``settings.TIME_ZONE``) and
neighbourhood, a few thousand rows a year:

- ``ConversationCount``: conversations per place;
- ``ThemeCount``: conversations per theme;
- ``KnockCount``: door knocks per address, and how many were answered;
- ``KnockTotal``: the same door knocks per neighbourhood (the report's
  totals and trend read a row per neighbourhood, not one per address);
- ``SpokenResident``: each resident spoken to, with their address now, so
  that residents and households are counted once however many
  conversations or neighbourhoods they appear in.

Triggers (migrations 0023 and 0025) keep them: every insert, change and
delete of a conversation, of its residents and themes, of a door knock, a
resident's move to another address, and an address or street moved to
another neighbourhood; a row whose count falls to 0 goes. ``KnockTotal``
follows ``KnockCount`` (statement triggers on its rows, also when it is
counted again). Whatever writes the rows (the services, the admin, an
erasure, an import) the counts follow, in the same transaction.
``contacts.services.period_counts`` counts them all again from the rows
(the demo data does, after writing with COPY with the triggers set aside).

A report on a range of days that is not a calendar period counts from the
rows themselves (``reports.indicators``); the tests hold both ways to the
same figures."""

from django.db import models


def _neighbourhood():
    return models.ForeignKey(
        "neighbourhoods.Neighbourhood",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )


class PeriodCount(models.Model):
    months = models.PositiveSmallIntegerField()
    starts_on = models.DateField()
    neighbourhood = _neighbourhood()

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.months} months from {self.starts_on}, neighbourhood {self.neighbourhood_id}"


class ConversationCount(PeriodCount):
    place = models.CharField(max_length=10)
    conversations = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["months", "starts_on", "neighbourhood", "place"],
                include=["conversations"],
                name="conversation_count_key",
            ),
        ]


class ThemeCount(PeriodCount):
    theme = models.ForeignKey(
        "contacts.Theme",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    conversations = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["months", "starts_on", "neighbourhood", "theme"],
                include=["conversations"],
                name="theme_count_key",
            ),
        ]


class KnockCount(PeriodCount):
    #: Indexed: the address's rows follow it to another neighbourhood.
    address = models.ForeignKey(
        "neighbourhoods.Address",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    knocks = models.PositiveIntegerField()
    answered = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["months", "starts_on", "neighbourhood", "address"],
                include=["knocks", "answered"],
                name="knock_count_key",
            ),
        ]
        # The report's addresses reached, in address order (reports.indicators).
        indexes = [
            models.Index(
                fields=["months", "starts_on", "address"],
                include=["neighbourhood", "answered"],
                name="knock_count_by_address",
            ),
        ]


class KnockTotal(PeriodCount):
    """``KnockCount`` summed per neighbourhood: kept from its rows by the
    database (migration 0025), whatever changes them."""

    knocks = models.PositiveIntegerField()
    answered = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["months", "starts_on", "neighbourhood"],
                include=["knocks", "answered"],
                name="knock_total_key",
            ),
        ]


class SpokenResident(PeriodCount):
    #: Indexed: the resident's rows follow them to another address.
    resident = models.ForeignKey(
        "contacts.Resident", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    #: The resident's address now (it follows a move), for the households.
    address = models.ForeignKey(
        "neighbourhoods.Address",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        related_name="+",
    )
    conversations = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["months", "starts_on", "neighbourhood", "resident"],
                include=["address"],
                name="spoken_resident_key",
            ),
        ]
        # The report counts residents and households of a period, over all
        # the neighbourhoods of its scope, in the order of these (each one
        # once without sorting: reports.indicators).
        indexes = [
            models.Index(
                fields=["months", "starts_on", "resident"],
                include=["neighbourhood"],
                name="spoken_by_resident",
            ),
            models.Index(
                fields=["months", "starts_on", "address"],
                include=["neighbourhood"],
                name="spoken_by_address",
            ),
        ]


#: Every table of counts per period.
PERIOD_COUNTS = (ConversationCount, ThemeCount, SpokenResident, KnockCount, KnockTotal)
