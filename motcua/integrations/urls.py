"""Addresses the outside systems call us on (server to server, no session: each checks its own signature)."""

from django.urls import path

from . import views

app_name = "links"
urlpatterns = [
    path("thanh-toan/ipn/", views.payment_ipn, name="payment_ipn"),
    path("zalo/su-kien/", views.zalo_event, name="zalo_event"),
    path("buu-dien/trang-thai/", views.post_event, name="post_event"),
]
