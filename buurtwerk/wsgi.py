import gc
import importlib
import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "buurtwerk.settings")
application = get_wsgi_application()

# What the process has loaded by now (Django, the apps, the URLconf and so
# every view: some 108,000 objects) lives as long as the process. Frozen, the
# cyclic garbage collector no longer goes through it on each full collection:
# that took 52 ms here, in the middle of some request every so often.
importlib.import_module(settings.ROOT_URLCONF)
gc.collect()
gc.freeze()
