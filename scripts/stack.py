"""The loopback test stack: `python scripts/stack.py up|status|down` (bench/_stack.py).

Two app nodes under gunicorn and two Celery workers (and one beat) over one PostgreSQL
database and one Redis, with production settings; see docs/deploy.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._stack import main

if __name__ == "__main__":
    sys.exit(main())
