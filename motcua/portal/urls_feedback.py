from django.urls import path

from .views import feedback

app_name = "feedback"
urlpatterns = [
    path("", feedback.published_list, name="public_list"),
    path("gui/", feedback.send, name="send"),
    path("theo-doi/", feedback.follow, name="follow"),
    path("<str:code>/", feedback.published_detail, name="detail"),
    path("<str:code>/y-kien/", feedback.react, name="react"),
]
