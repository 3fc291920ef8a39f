from django.urls import path

from . import views

app_name = "guide"

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("partage-des-couts/exemple/", views.cost_sharing, name="cost-sharing"),
    path("<slug:slug>/", views.chapter, name="chapter"),
    path("<slug:slug>/quiz/<int:index>/", views.quiz_answer, name="quiz-answer"),
]
