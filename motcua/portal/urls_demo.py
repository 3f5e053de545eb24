from django.urls import path

from .views import demo

app_name = "demo"
urlpatterns = [
    path("ma-xac-thuc/", demo.demo_codes, name="codes"),
]
