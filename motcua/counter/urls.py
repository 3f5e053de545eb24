from django.urls import path

from .views import desk, public

app_name = "counter"

urlpatterns = [
    path("", public.centre_list, name="centres"),
    path("so/<str:token>/", public.ticket_page, name="ticket"),
    path("lich-hen/", public.appointment_list, name="appointments"),
    path("lich-hen/<str:token>/huy/", public.appointment_cancel, name="appointment_cancel"),
    path("quay/", desk.desk_list, name="desk_list"),
    path("quay/<int:pk>/", desk.desk, name="desk"),
    path("quay/<int:pk>/goi/", desk.desk_call, name="desk_call"),
    path("quay/<int:pk>/xong/", desk.desk_finish, name="desk_finish"),
    path("quay/<int:pk>/lich-hen/<int:appointment_pk>/", desk.desk_check_in, name="desk_check_in"),
    path("thong-ke/", desk.statistics, name="statistics"),
    path("trung-tam/<str:code>/", public.kiosk, name="kiosk"),
    path("trung-tam/<str:code>/man-hinh/", public.display, name="display"),
    path("trung-tam/<str:code>/dat-lich/", public.book, name="book"),
]
