import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.contacts.factories import ConversationFactory, ResidentFactory


def test_it_prints_median_p95_and_queries_for_each_page(worker, neighbourhood, address):
    residents = [ResidentFactory(address=address, name=f"Jansje Proef{n}") for n in range(3)]
    ConversationFactory(neighbourhood=neighbourhood, residents=residents, workers=[worker])
    out = StringIO()
    call_command("bench_pages", user="werker", repeat=3, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "werker sees 3 residents; 3 requests per page."
    for label, line in zip(
        ["my day", "resident page", "search (misspelt name)"], lines[1:], strict=True
    ):
        assert re.fullmatch(
            rf"{re.escape(label)}: median [\d.]+ ms, p95 [\d.]+ ms, [\d/]+ queries", line
        )


def test_it_says_what_is_missing_for_an_unknown_user(db):
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("bench_pages", user="niemand")
