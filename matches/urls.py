from matches.views import board, matches

app_name = "matches"

urlpatterns = [*matches.urlpatterns, *board.urlpatterns]
