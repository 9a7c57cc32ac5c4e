from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from buurtwerk import offline, views
from reports.views.home import home

admin.site.site_header = _("Buurtwerk administration")
admin.site.site_title = _("Buurtwerk administration")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", home, name="home"),
    path("health/", views.health, name="health"),
    # Offline use (buurtwerk/offline.py): the service worker at the root, so
    # that its scope is the whole site.
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("offline/", offline.offline_page, name="offline_page"),
    path("offline/wachtrij/", offline.offline_queue, name="offline_queue"),
    path("offline/token/", offline.offline_token, name="offline_token"),
    path("offline/opgeslagen/", offline.offline_stored, name="offline_stored"),
    path("account/signup/", views.signup_closed),
    path("account/", include("accounts.urls")),
    path("account/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
    path("", include("contacts.urls")),
    path("", include("matches.urls")),
    path("", include("audit.urls")),
    path("", include("reports.urls")),
    path("", include("privacy.urls")),
]
