from django.urls import path

from .views import track

app_name = "track"
urlpatterns = [
    path("", track.track, name="lookup"),
]
