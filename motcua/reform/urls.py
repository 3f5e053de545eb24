from django.urls import path

from .views import contests, plans, setup, survey

app_name = "reform"

urlpatterns = [
    path("", plans.plan_list, name="plan_list"),
    path("moi/", setup.plan_create, name="plan_create"),
    path("<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("<int:pk>/sua/", setup.plan_edit, name="plan_edit"),
    path("<int:pk>/nhiem-vu/moi/", setup.task_create, name="task_create"),
    path("<int:pk>/kiem-tra/", setup.inspection_list, name="inspection_list"),
    path("<int:pk>/kiem-tra/moi/", setup.inspection_create, name="inspection_create"),
    path("<int:pk>/kiem-tra/excel/", setup.inspection_xlsx, name="inspection_xlsx"),
    path("<int:pk>/in/", plans.plan_print, name="plan_print"),
    path("<int:pk>/excel/", plans.plan_xlsx, name="plan_xlsx"),
    path("nhiem-vu/<int:pk>/", plans.task_detail, name="task_detail"),
    path("nhiem-vu/<int:pk>/sua/", setup.task_edit, name="task_edit"),
    path("nhiem-vu/<int:pk>/minh-chung/<int:evidence_pk>/", plans.evidence_download, name="evidence_download"),
    path("ket-luan/<int:pk>/khac-phuc/", plans.finding_follow_up, name="finding_follow_up"),
    path("khao-sat/", survey.survey_list, name="survey_list"),
    path("khao-sat/moi/", setup.survey_create, name="survey_create"),
    path("khao-sat/<int:pk>/trang-thai/", setup.survey_status, name="survey_status"),
    path("khao-sat/<int:pk>/", survey.survey_results, name="survey_results"),
    path("khao-sat/<int:pk>/nhap-phieu/", survey.survey_enter, name="survey_enter"),
    path("khao-sat/<int:pk>/nhap-tep/", survey.survey_import, name="survey_import"),
    path("phieu/<str:token>/", survey.survey_public, name="survey_public"),
    path("sang-kien/", contests.round_list, name="round_list"),
    path("sang-kien/moi/", setup.round_create, name="round_create"),
    path("sang-kien/<int:pk>/", contests.round_detail, name="round_detail"),
    path("sang-kien/cham/<int:pk>/", contests.judge_sheet, name="judge_sheet"),
    path("cong-bo/", contests.published_list, name="published_list"),
    path("cong-bo/<slug:slug>/", contests.published_detail, name="published_detail"),
]
