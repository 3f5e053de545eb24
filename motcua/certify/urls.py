from django.urls import path

from . import views

app_name = "certify"

urlpatterns = [
    path("", views.book, name="book"),
    path("moi/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/tai-ve/", views.download, name="download"),
]
