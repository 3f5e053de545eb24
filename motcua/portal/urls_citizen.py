from django.urls import path

from .views import applicant, citizen, datastore, feedback, payment, rating

app_name = "citizen"
urlpatterns = [
    path("ho-so/", citizen.dossier_list, name="dossier_list"),
    path("ho-so/<str:code>/", citizen.dossier_detail, name="dossier_detail"),
    path("ho-so/<str:code>/rut-ho-so/", applicant.withdraw, name="dossier_withdraw"),
    path("ho-so/<str:code>/bo-sung/", applicant.supplement, name="dossier_supplement"),
    path("ho-so/<str:code>/nhan-qua-buu-dien/", applicant.postal, name="dossier_postal"),
    path("ho-so/<str:code>/thanh-toan/", payment.pay, name="dossier_pay"),
    path("ho-so/<str:code>/thanh-toan/ket-qua/", payment.payment_return, name="payment_return"),
    path("ho-so/<str:code>/danh-gia/", rating.rate_dossier, name="dossier_rate"),
    path("ho-so/<str:code>/tep/<int:document_id>/", citizen.document_download, name="document_download"),
    path("phan-anh/", feedback.my_list, name="feedback_list"),
    path("phan-anh/<str:code>/", feedback.my_detail, name="feedback_detail"),
    path("kho-du-lieu/", datastore.data_store, name="data_store"),
    path("kho-du-lieu/<int:document_id>/tai-ve/", datastore.data_store_download, name="data_store_download"),
]
