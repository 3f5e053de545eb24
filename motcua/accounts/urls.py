from django.urls import path

from motcua.accounts.throttle import ThrottledAuthenticationForm

from . import views

app_name = "accounts"
urlpatterns = [
    path(
        "dang-nhap/",
        views.PasswordLoginView.as_view(
            template_name="accounts/login.html", authentication_form=ThrottledAuthenticationForm
        ),
        name="login",
    ),
    path("dang-xuat/", views.sign_out, name="logout"),
    path("ma-mot-lan/", views.citizen_signin, name="citizen_signin"),
    path("ma-mot-lan/xac-nhan/", views.citizen_verify, name="citizen_verify"),
    path("thong-tin-ca-nhan/", views.profile, name="profile"),
]
