from django.urls import path

from . import views_applicant, views_citizen, views_datastore, views_feedback, views_payment, views_rating

app_name = "citizen"
urlpatterns = [
    path("ho-so/", views_citizen.dossier_list, name="dossier_list"),
    path("ho-so/<str:code>/", views_citizen.dossier_detail, name="dossier_detail"),
    path("ho-so/<str:code>/rut-ho-so/", views_applicant.withdraw, name="dossier_withdraw"),
    path("ho-so/<str:code>/bo-sung/", views_applicant.supplement, name="dossier_supplement"),
    path("ho-so/<str:code>/nhan-qua-buu-dien/", views_applicant.postal, name="dossier_postal"),
    path("ho-so/<str:code>/thanh-toan/", views_payment.pay, name="dossier_pay"),
    path("ho-so/<str:code>/thanh-toan/ket-qua/", views_payment.payment_return, name="payment_return"),
    path("ho-so/<str:code>/danh-gia/", views_rating.rate_dossier, name="dossier_rate"),
    path("ho-so/<str:code>/tep/<int:document_id>/", views_citizen.document_download, name="document_download"),
    path("phan-anh/", views_feedback.my_list, name="feedback_list"),
    path("phan-anh/<str:code>/", views_feedback.my_detail, name="feedback_detail"),
    path("kho-du-lieu/", views_datastore.data_store, name="data_store"),
    path("kho-du-lieu/<int:document_id>/tai-ve/", views_datastore.data_store_download, name="data_store_download"),
]
