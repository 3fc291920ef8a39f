from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("", views.index, name="index"),
    path("progress/", views.progress, name="progress"),
    path("retry/", views.retry, name="retry"),
    path("<int:opportunity_id>/", views.detail, name="detail"),
]
