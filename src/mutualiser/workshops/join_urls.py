from django.urls import path

from . import views_join

app_name = "join"

urlpatterns = [
    path("", views_join.enter_code, name="code"),
    path("<str:code>/", views_join.room, name="room"),
    path("<str:code>/inventory/", views_join.inventory, name="inventory"),
    path("<str:code>/board/", views_join.board, name="board"),
    path("<str:code>/obstacles/", views_join.obstacle, name="obstacle"),
    path("<str:code>/vote/", views_join.vote, name="vote"),
    path("<str:code>/commit/", views_join.commit, name="commit"),
    path("<str:code>/propose/", views_join.propose, name="propose"),
    path("<str:code>/claim/", views_join.claim, name="claim"),
    path("<str:code>/copy-items/", views_join.copy_items, name="copy-items"),
    path("<str:code>/project/", views_join.project, name="project"),
]
