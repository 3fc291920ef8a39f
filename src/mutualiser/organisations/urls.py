from django.urls import path

from mutualiser.privacy import views as privacy_views

from . import views

app_name = "organisations"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("map.json", views.map_points, name="map-points"),
    path("new/", views.create, name="create"),
    path("switch/", views.switch, name="switch"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/members/<int:membership_id>/role/", views.change_role, name="change-role"),
    path(
        "<slug:slug>/members/<int:membership_id>/remove/", views.remove_member, name="remove-member"
    ),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/delete/", privacy_views.delete_organisation, name="delete"),
    path("<slug:slug>/invite/", views.invite, name="invite"),
    path(
        "<slug:slug>/invitations/<int:invitation_id>/confirm/",
        views.confirm_invitation_address,
        name="confirm-invitation-address",
    ),
    path(
        "<slug:slug>/invitations/<int:invitation_id>/revoke/",
        views.revoke_invitation,
        name="revoke-invitation",
    ),
]
