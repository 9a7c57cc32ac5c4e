"""What both CSV import commands (import_neighbourhoods, import_addresses:
``neighbourhoods.management.csv_command.CsvImportCommand``) do with a file
they cannot read: a command error of one line, nothing on stderr."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.neighbourhoods.commands import run_command_failing

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.parametrize("command", ["import_neighbourhoods", "import_addresses"]),
]


def test_a_missing_file_is_a_command_error_of_one_line(tmp_path, command):
    path = tmp_path / "bestaat-niet.csv"
    message, err = run_command_failing(command, path)
    assert message == f"Cannot read {path}: no such file."
    assert err == ""


def test_a_directory_is_a_command_error_of_one_line(tmp_path, command):
    message, _ = run_command_failing(command, tmp_path)
    assert message.startswith(f"Cannot read {tmp_path}: ")
    assert len(message.splitlines()) == 1


@pytest.mark.parametrize(
    "content", [b"", b"\n  \n", "\ufeff".encode(), "\ufeff\n".encode()], ids=repr
)
def test_an_empty_file_is_a_command_error_of_one_line(tmp_path, command, content):
    path = tmp_path / "leeg.csv"
    path.write_bytes(content)
    message, _ = run_command_failing(command, path)
    assert message == f"{path} is empty."


@pytest.mark.slow
def test_manage_py_exits_with_status_1_and_one_line_for_a_missing_file(tmp_path, command):
    path = tmp_path / "nergens.csv"
    result = subprocess.run(
        [sys.executable, "manage.py", command, str(path)],
        cwd=Path(settings.BASE_DIR),
        env=os.environ,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("CommandError: ")
    assert str(path) in line
    assert result.stdout == ""
