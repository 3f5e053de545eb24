from django.urls import path

from . import views_track

app_name = "track"
urlpatterns = [
    path("", views_track.track, name="lookup"),
]
