from contacts.views import (
    activities,
    conversations,
    corrections,
    coverage,
    day,
    followups,
    heard,
    initiatives,
    reports,
    residents,
    rounds,
    search,
    signals,
)

app_name = "contacts"

urlpatterns = [
    *residents.urlpatterns,
    *day.urlpatterns,
    *search.urlpatterns,
    *signals.urlpatterns,
    *rounds.urlpatterns,
    *conversations.urlpatterns,
    *followups.urlpatterns,
    *corrections.urlpatterns,
    *reports.urlpatterns,
    *coverage.urlpatterns,
    *heard.urlpatterns,
    *initiatives.urlpatterns,
    *activities.urlpatterns,
]
