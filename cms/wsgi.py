"""The WSGI application (gunicorn ``cms.wsgi:application``).

Everything requests use is imported here, before the first request, and the
objects that makes (modules, classes, URL patterns, settings) are then moved
out of the garbage collector's sight with ``gc.freeze()`` (after one full
collection, so no start-up garbage is kept): they live as long as the
process, yet every full collection walked all of them again. The thresholds
go from (700, 10, 10) to (20,000, 20, 20) for the same reason: an uncached
listing allocates tens of thousands of objects, and each collection of the
older generations re-walks whatever survived. Re-measure after a Python
upgrade (3.12 and 3.13 changed the collector).
Measured in one process (docs/performance.md): an uncached listing of 20
from about 80 to 48 ms, a detail from 38 to 24 ms. The soak (bench/soak.py)
checks that workers' memory stays flat with it.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

application = get_wsgi_application()

get_resolver().url_patterns  # noqa: B018 - imports every view now, not on the first request
gc.collect()
gc.freeze()
gc.set_threshold(20_000, 20, 20)
