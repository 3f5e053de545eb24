from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("", views.session_list, name="list"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("phien/", views.who_is_signed_in, name="who"),
    path("ke-hoach/", views.session_plan, name="plan"),
    path("bao-cao/", views.report, name="report"),
    path("bao-cao/excel/", views.report_xlsx, name="report_xlsx"),
    path("<int:pk>/", views.session_detail, name="detail"),
    path("<int:pk>/trang-thai/", views.session_status, name="status"),
    path("<int:pk>/tiep-nhan/", views.intake_page, name="intake"),
    path("<int:pk>/tiep-nhan/gui/", views.intake_submit, name="intake_submit"),
]
