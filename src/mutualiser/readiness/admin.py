from django.contrib import admin

from .models import ReadinessAssessment


@admin.register(ReadinessAssessment)
class ReadinessAssessmentAdmin(admin.ModelAdmin):
    list_display = ["organisation", "answered_by", "created_at"]
    list_filter = ["created_at", "organisation__region"]
    search_fields = ["organisation__name", "answered_by__email"]
    raw_id_fields = ["organisation", "answered_by"]
    date_hierarchy = "created_at"
