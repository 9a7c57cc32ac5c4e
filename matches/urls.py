from matches.views import matches

app_name = "matches"

urlpatterns = [*matches.urlpatterns]
