from django.contrib import admin

from .models import (
    AllocationSnapshot,
    Decision,
    DecisionAnswer,
    Evaluation,
    EvaluationPartner,
    HistoryEntry,
    PoolingProject,
    ProjectPartner,
    ProjectStep,
    Risk,
)


class PartnerInline(admin.TabularInline):
    model = ProjectPartner
    fields = ["organisation", "role", "budget"]
    raw_id_fields = ["organisation"]
    extra = 0


class StepInline(admin.TabularInline):
    model = ProjectStep
    fields = ["order", "code", "status", "due_date", "carried_by"]
    extra = 0


@admin.register(PoolingProject)
class PoolingProjectAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "category",
        "governance_form",
        "chosen_rule",
        "trial_end",
        "updated_at",
    ]
    list_filter = ["governance_form", "chosen_rule", "is_demo", "category__family"]
    search_fields = ["title", "place", "partners__organisation__name"]
    raw_id_fields = ["created_by"]
    inlines = [PartnerInline, StepInline]


@admin.register(ProjectPartner)
class ProjectPartnerAdmin(admin.ModelAdmin):
    list_display = ["organisation", "project", "role"]
    list_filter = ["role"]
    search_fields = ["organisation__name", "project__title"]
    raw_id_fields = ["organisation", "project"]


@admin.register(ProjectStep)
class ProjectStepAdmin(admin.ModelAdmin):
    list_display = ["project", "code", "status", "due_date", "carried_by"]
    list_filter = ["code", "status"]
    search_fields = ["project__title"]
    raw_id_fields = ["project", "carried_by"]


@admin.register(Risk)
class RiskAdmin(admin.ModelAdmin):
    list_display = ["project", "kind", "likelihood", "impact", "owner"]
    list_filter = ["kind", "likelihood", "impact"]
    search_fields = ["project__title", "description", "mitigation"]
    raw_id_fields = ["project", "owner"]


class AnswerInline(admin.TabularInline):
    model = DecisionAnswer
    fields = ["partner", "answer", "reason", "answered_at"]
    raw_id_fields = ["partner", "answered_by"]
    extra = 0


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "kind", "status", "closes_at", "closed_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "text", "project__title"]
    raw_id_fields = ["project", "proposed_by", "proposed_by_user"]
    inlines = [AnswerInline]


@admin.register(DecisionAnswer)
class DecisionAnswerAdmin(admin.ModelAdmin):
    list_display = ["decision", "partner", "answer", "answered_at"]
    list_filter = ["answer"]
    search_fields = ["decision__title", "partner__organisation__name", "reason"]
    raw_id_fields = ["decision", "partner", "answered_by"]


@admin.register(AllocationSnapshot)
class AllocationSnapshotAdmin(admin.ModelAdmin):
    list_display = ["project", "rule", "cost", "in_core", "created_at"]
    list_filter = ["rule", "in_core"]
    search_fields = ["project__title"]
    raw_id_fields = ["project", "decision"]


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["project", "actual_cost", "estimated_cost", "outcome", "created_at"]
    list_filter = ["outcome"]
    search_fields = ["project__title", "note"]
    raw_id_fields = ["project", "created_by"]


@admin.register(EvaluationPartner)
class EvaluationPartnerAdmin(admin.ModelAdmin):
    list_display = ["evaluation", "partner", "planned_use", "actual_use", "satisfaction"]
    list_filter = ["satisfaction"]
    search_fields = ["partner__organisation__name", "evaluation__project__title"]
    raw_id_fields = ["evaluation", "partner"]


@admin.register(HistoryEntry)
class HistoryEntryAdmin(admin.ModelAdmin):
    list_display = ["project", "action", "organisation", "user", "at"]
    list_filter = ["action"]
    search_fields = ["project__title", "action"]
    raw_id_fields = ["project", "user", "organisation"]
