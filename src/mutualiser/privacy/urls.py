from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.policy, name="policy"),
    path("my-data/", views.mine, name="mine"),
    path("my-data/export.zip", views.export, name="export"),
    path("my-data/delete-account/", views.delete_account, name="delete-account"),
]
