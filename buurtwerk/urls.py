from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from buurtwerk import views
from reports.views.home import home

admin.site.site_header = _("Buurtwerk administration")
admin.site.site_title = _("Buurtwerk administration")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", home, name="home"),
    path("health/", views.health, name="health"),
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
