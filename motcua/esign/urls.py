from django.urls import path

from . import views

app_name = "esign"
urlpatterns = [path("", views.verify, name="verify")]
