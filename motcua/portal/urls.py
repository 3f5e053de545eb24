from django.urls import path

from . import views, views_citizen

app_name = "portal"
urlpatterns = [
    path("", views.procedure_list, name="procedure_list"),
    path("linh-vuc/", views.procedure_browse, name="procedure_browse"),
    path("<str:code>/", views.procedure_detail, name="procedure_detail"),
    path("<str:code>/nop-truc-tuyen/", views_citizen.submit, name="submit"),
]
