from matches.views import heard, initiatives, matches

app_name = "matches"

urlpatterns = [*heard.urlpatterns, *matches.urlpatterns, *initiatives.urlpatterns]
