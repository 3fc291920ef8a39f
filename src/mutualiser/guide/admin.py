from django.contrib import admin

from .models import ChapterRead, QuizAnswer


@admin.register(ChapterRead)
class ChapterReadAdmin(admin.ModelAdmin):
    list_display = ["user", "slug", "read_at"]
    list_filter = ["slug"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]


@admin.register(QuizAnswer)
class QuizAnswerAdmin(admin.ModelAdmin):
    list_display = ["user", "slug", "question", "choice", "correct", "answered_at"]
    list_filter = ["slug", "correct"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
