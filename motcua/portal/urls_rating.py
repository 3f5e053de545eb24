from django.urls import path

from . import views_rating

app_name = "rating"
urlpatterns = [
    path("kiosk/<str:unit_code>/", views_rating.kiosk, name="kiosk"),
]
