from django.urls import path

from . import views

app_name = "scorecard"
urlpatterns = [
    path("", views.framework_list, name="frameworks"),
    path("khung/nap/", views.framework_load, name="framework_load"),
    path("khung/<int:pk>/", views.framework_detail, name="framework"),
    path("khung/<int:pk>/bat-dau/", views.assessment_open, name="assessment_open"),
    path("khung/<int:pk>/ket-qua/", views.results, name="results"),
    path("khung/<int:pk>/ket-qua.xlsx", views.results_xlsx, name="results_xlsx"),
    path("khung/<int:pk>/ket-qua/in/", views.results_print, name="results_print"),
    path("khung/<int:pk>/dieu-tra/", views.survey_import, name="survey_import"),
    path("khung/<int:pk>/cong-bo/", views.publish, name="publish"),
    path("cham-diem/<int:pk>/", views.assessment_detail, name="assessment"),
    path("chi-so-ngoai/", views.external, name="external"),
]
