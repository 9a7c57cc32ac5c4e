"""buurtwerk.reversing: one reverse() for many links of one kind."""

import uuid

from django.urls import reverse

from buurtwerk.reversing import url_maker


def test_it_makes_the_same_url_as_reverse_for_an_int_argument():
    make = url_maker("contacts:knock_record", 12)
    for address_pk in (1, 7, 2147483646, 10**12):
        assert make(address_pk) == reverse("contacts:knock_record", args=[12, address_pk])


def test_it_makes_the_same_url_as_reverse_for_a_uuid_argument():
    make = url_maker("contacts:resident_detail")
    for pk in (uuid.uuid4(), uuid.UUID(int=0)):
        assert make(pk) == reverse("contacts:resident_detail", args=[pk])


def test_it_falls_back_to_reverse_when_the_sample_is_ambiguous():
    # The round's own pk is the sample value: the URL cannot be split on it.
    make = url_maker("contacts:knock_record", 2147483646)
    assert make(5) == reverse("contacts:knock_record", args=[2147483646, 5])
