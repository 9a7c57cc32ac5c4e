from reports.views import home, period

app_name = "reports"

urlpatterns = [*home.urlpatterns, *period.urlpatterns]
