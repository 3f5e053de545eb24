from django.urls import path

from .views import home

app_name = "stats"
urlpatterns = [
    path("", home.statistics, name="public"),
]
