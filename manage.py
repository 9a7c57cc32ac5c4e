#!/usr/bin/env python
"""Django's command-line utility for Buurtwerk."""

import os
import sys

if sys.version_info < (3, 11):  # noqa: UP036 - the message is the point
    sys.exit(
        "Buurtwerk needs Python 3.11 or newer (found {}.{}): run it with python3.11 "
        "or later, e.g. `make run PYTHON=python3.12`.".format(*sys.version_info[:2])
    )


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "buurtwerk.settings")
    from django.core.management import execute_from_command_line

    from buurtwerk.config import ConfigError

    try:
        execute_from_command_line(sys.argv)
    except ConfigError as exc:
        sys.exit(f"buurtwerk: {exc}")


if __name__ == "__main__":
    main()
