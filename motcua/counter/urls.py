from django.urls import path

from . import views, views_desk

app_name = "counter"

urlpatterns = [
    path("", views.centre_list, name="centres"),
    path("so/<str:token>/", views.ticket_page, name="ticket"),
    path("lich-hen/", views.appointment_list, name="appointments"),
    path("lich-hen/<str:token>/huy/", views.appointment_cancel, name="appointment_cancel"),
    path("quay/", views_desk.desk_list, name="desk_list"),
    path("quay/<int:pk>/", views_desk.desk, name="desk"),
    path("quay/<int:pk>/goi/", views_desk.desk_call, name="desk_call"),
    path("quay/<int:pk>/xong/", views_desk.desk_finish, name="desk_finish"),
    path("quay/<int:pk>/lich-hen/<int:appointment_pk>/", views_desk.desk_check_in, name="desk_check_in"),
    path("thong-ke/", views_desk.statistics, name="statistics"),
    path("trung-tam/<str:code>/", views.kiosk, name="kiosk"),
    path("trung-tam/<str:code>/man-hinh/", views.display, name="display"),
    path("trung-tam/<str:code>/dat-lich/", views.book, name="book"),
]
