"""The fastest a gunicorn worker can answer: the list's bytes from memory, no Django.

``bench/run.py`` serves this with the same gunicorn settings as the project,
so "warm cache / ceiling" says how much of what gunicorn itself allows a cache
hit uses, apart from what nginx (C, no Python) can do.
"""

import os
from pathlib import Path

BODY = Path(os.environ["BENCH_CEILING_BODY"]).read_bytes()
HEADERS = [("Content-Type", "application/json"), ("Content-Length", str(len(BODY)))]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
