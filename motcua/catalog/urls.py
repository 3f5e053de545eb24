from django.urls import path

from . import views

app_name = "commitments"

urlpatterns = [
    path("", views.commitment_public, name="public"),
    path("quan-ly/", views.commitment_manage, name="manage"),
    path("quan-ly/<int:pk>/", views.commitment_detail, name="detail"),
]
