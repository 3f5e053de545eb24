from django.urls import path

from . import views

app_name = "appraisal"

urlpatterns = [
    path("", views.officer_list, name="list"),
    path("<int:pk>/", views.officer_detail, name="detail"),
    path("<int:pk>/ho-so/", views.officer_dossiers, name="dossiers"),
    path("<int:pk>/xep-loai/", views.officer_grade, name="grade"),
]
