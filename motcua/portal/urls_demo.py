from django.urls import path

from . import views_demo

app_name = "demo"
urlpatterns = [
    path("ma-xac-thuc/", views_demo.demo_codes, name="codes"),
]
