"""Fixtures shared by the CSV import tests."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in their English source text."""
    with translation.override("en"):
        yield


@pytest.fixture
def write_csv(tmp_path):
    def write(lines, *, name="import.csv", delimiter=",", bom=False, newline="\n"):
        text = newline.join(line.replace(",", delimiter) for line in lines) + newline
        path = tmp_path / name
        path.write_bytes(("\ufeff" if bom else "").encode() + text.encode())
        return path

    return write
