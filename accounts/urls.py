from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("sessions/end/", views.session_end, name="session_end"),
]
