from django.urls import path

from . import views

app_name = "readiness"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.answer, name="answer"),
    path("<int:pk>/", views.detail, name="detail"),
]
