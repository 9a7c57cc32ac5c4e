from reports.views import home, period, stories

app_name = "reports"

urlpatterns = [*home.urlpatterns, *period.urlpatterns, *stories.urlpatterns]
