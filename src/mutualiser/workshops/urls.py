from django.urls import path

from . import views

app_name = "workshops"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.control, name="control"),
    path("<int:pk>/phase/", views.set_phase, name="phase"),
    path("<int:pk>/lock/", views.lock, name="lock"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/qr.svg", views.qr_svg, name="qr"),
    path("<int:pk>/screen/", views.screen, name="screen"),
    path("<int:pk>/screen/board/", views.screen_board, name="screen-board"),
    path("<int:pk>/obstacles/<int:obstacle_pk>/hide/", views.hide_obstacle, name="hide-obstacle"),
    path(
        "<int:pk>/participants/<int:participant_pk>/remove/",
        views.remove_participant,
        name="remove-participant",
    ),
    path("<int:pk>/report.csv", views.report_csv, name="report-csv"),
    path("<int:pk>/report.pdf", views.report_pdf, name="report-pdf"),
]
