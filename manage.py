#!/usr/bin/env python
"""Django's command-line utility. Runs from the checkout: `.venv/bin/python manage.py <command>`."""

import os
import sys
from pathlib import Path


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings.dev")
    from egov.core.commands import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
