"""Running the import commands in tests."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def run_command(command, path):
    """Call ``command`` on the file; its stdout and stderr."""
    out, err = StringIO(), StringIO()
    call_command(command, str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_command_failing(command, path):
    """Call ``command`` expecting failure; the CommandError's message and stderr."""
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command(command, str(path), stdout=out, stderr=err)
    return str(excinfo.value), err.getvalue()
