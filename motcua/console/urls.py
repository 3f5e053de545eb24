from django.urls import path

from . import (
    views_dossier,
    views_eresult,
    views_feedback,
    views_form_pdf,
    views_inbox,
    views_intake,
    views_population,
    views_post,
    views_print,
)

app_name = "console"
urlpatterns = [
    path("", views_inbox.inbox, name="inbox"),
    path("tiep-nhan/", views_intake.intake, name="intake"),
    path("tiep-nhan/tra-cuu-dan-cu/", views_population.population_lookup_page, name="population_lookup"),
    path("tiep-nhan/thu-tuc/", views_intake.procedure_results, name="procedure_results"),
    path("tiep-nhan/phieu/<str:number>/", views_intake.intake_notice, name="intake_notice"),
    path("so-theo-doi/", views_print.register, name="register"),
    path("ho-so/<str:code>/", views_dossier.dossier_detail, name="dossier"),
    path("ho-so/<str:code>/thao-tac/<str:action>/", views_dossier.dossier_action, name="dossier_action"),
    path("ho-so/<str:code>/tep/<int:document_id>/", views_dossier.document_download, name="document"),
    path("ho-so/<str:code>/ket-qua-dien-tu/", views_eresult.dossier_eresult, name="dossier_eresult"),
    path("ho-so/<str:code>/gui-buu-dien/", views_post.dossier_ship, name="dossier_ship"),
    path("ho-so/<str:code>/mau/<str:number>/", views_print.dossier_form, name="dossier_form"),
    path("ho-so/<str:code>/mau/<str:number>/pdf/", views_form_pdf.dossier_form_pdf, name="dossier_form_pdf"),
    path("phan-anh/", views_feedback.feedback_inbox, name="feedback_inbox"),
    path("phan-anh/<str:code>/", views_feedback.feedback_detail, name="feedback_detail"),
    path("phan-anh/<str:code>/<str:step>/", views_feedback.feedback_step, name="feedback_step"),
    path("danh-gia/", views_feedback.ratings, name="ratings"),
]
