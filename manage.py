#!/usr/bin/env python
"""Django's command-line utility (the Makefile uses `python -m django`; both work)."""

import os
import sys
from pathlib import Path


def main() -> None:
    # Run from a checkout without installing: put src/ on the path.
    sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yjaudit.config.settings.demo")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
