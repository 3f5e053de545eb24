from django.urls import path

from . import views

app_name = "sso"
urlpatterns = [
    path("dang-xuat/", views.sign_out, name="logout"),
    path("<slug:key>/", views.start, name="start"),
    path("<slug:key>/callback/", views.callback, name="callback"),
]
