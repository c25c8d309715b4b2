import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "puente.settings")
application = get_wsgi_application()

# Everything loaded so far (modules, URL patterns, templates) lives as long as the process. Moving it out of
# the collector's sight keeps full collections short, which otherwise show up as 100-200 ms pauses in p95.
# The thresholds stay Python's: collecting the young generation every 50,000 allocations instead of 700
# made a contact post a little cheaper but left 20-30 ms pauses in pages that keep many objects alive.
gc.freeze()
