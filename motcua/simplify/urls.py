from django.urls import path

from . import views

app_name = "simplify"

urlpatterns = [
    path("", views.review_list, name="list"),
    path("moi/", views.review_create, name="create"),
    path("<int:pk>/", views.review_detail, name="detail"),
]
