from django.urls import path

from . import views_citizen

app_name = "citizen"
urlpatterns = [
    path("ho-so/", views_citizen.dossier_list, name="dossier_list"),
    path("ho-so/<str:code>/", views_citizen.dossier_detail, name="dossier_detail"),
    path("ho-so/<str:code>/tep/<int:document_id>/", views_citizen.document_download, name="document_download"),
]
