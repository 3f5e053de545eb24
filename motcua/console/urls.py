from django.urls import path

from .views import dossier, eresult, feedback, form_pdf, inbox, intake, population, post, prints

app_name = "console"
urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("tiep-nhan/", intake.intake, name="intake"),
    path("tiep-nhan/tra-cuu-dan-cu/", population.population_lookup_page, name="population_lookup"),
    path("tiep-nhan/thu-tuc/", intake.procedure_results, name="procedure_results"),
    path("tiep-nhan/phieu/<str:number>/", intake.intake_notice, name="intake_notice"),
    path("so-theo-doi/", prints.register, name="register"),
    path("ho-so/<str:code>/", dossier.dossier_detail, name="dossier"),
    path("ho-so/<str:code>/thao-tac/<str:action>/", dossier.dossier_action, name="dossier_action"),
    path("ho-so/<str:code>/tep/<int:document_id>/", dossier.document_download, name="document"),
    path("ho-so/<str:code>/ket-qua-dien-tu/", eresult.dossier_eresult, name="dossier_eresult"),
    path("ho-so/<str:code>/gui-buu-dien/", post.dossier_ship, name="dossier_ship"),
    path("ho-so/<str:code>/mau/<str:number>/", prints.dossier_form, name="dossier_form"),
    path("ho-so/<str:code>/mau/<str:number>/pdf/", form_pdf.dossier_form_pdf, name="dossier_form_pdf"),
    path("phan-anh/", feedback.feedback_inbox, name="feedback_inbox"),
    path("phan-anh/<str:code>/", feedback.feedback_detail, name="feedback_detail"),
    path("phan-anh/<str:code>/<str:step>/", feedback.feedback_step, name="feedback_step"),
    path("danh-gia/", feedback.ratings, name="ratings"),
]
