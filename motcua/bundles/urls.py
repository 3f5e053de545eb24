from django.urls import path

from . import views

app_name = "bundles"

urlpatterns = [
    path("", views.definition_list, name="list"),
    path("nop/<str:code>/", views.apply, name="apply"),
    path("cua-toi/", views.my_list, name="my_list"),
    path("cua-toi/<str:code>/", views.my_detail, name="my_detail"),
    path("can-bo/", views.officer_list, name="officer_list"),
    path("can-bo/tiep-nhan/", views.counter_choose, name="counter_choose"),
    path("can-bo/tiep-nhan/<str:code>/", views.counter_intake, name="counter_intake"),
    path("can-bo/<str:code>/", views.officer_detail, name="officer_detail"),
    path("can-bo/<str:code>/giay-hen/", views.receipt, name="receipt"),
]
