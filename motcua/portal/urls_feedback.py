from django.urls import path

from . import views_feedback

app_name = "feedback"
urlpatterns = [
    path("", views_feedback.published_list, name="public_list"),
    path("gui/", views_feedback.send, name="send"),
    path("theo-doi/", views_feedback.follow, name="follow"),
    path("<str:code>/", views_feedback.published_detail, name="detail"),
    path("<str:code>/y-kien/", views_feedback.react, name="react"),
]
