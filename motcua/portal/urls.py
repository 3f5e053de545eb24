from django.urls import path

from .views import catalogue, citizen

app_name = "portal"
urlpatterns = [
    path("", catalogue.procedure_list, name="procedure_list"),
    path("linh-vuc/", catalogue.procedure_browse, name="procedure_browse"),
    path("<str:code>/", catalogue.procedure_detail, name="procedure_detail"),
    path("<str:code>/nop-truc-tuyen/", citizen.submit, name="submit"),
]
