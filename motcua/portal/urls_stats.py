from django.urls import path

from . import views_home

app_name = "stats"
urlpatterns = [
    path("", views_home.statistics, name="public"),
]
