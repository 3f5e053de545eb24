from django.urls import path

from .views import rating

app_name = "rating"
urlpatterns = [
    path("kiosk/<str:unit_code>/", rating.kiosk, name="kiosk"),
]
