from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.db.models.fields.json import KT
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mutualiser.words import formats
from mutualiser.words.language import current_language

from .models import EngineRun, EngineRunPiece

RUN_FIELDS = [
    "region",
    "created_by",
    "status",
    "effort",
    "pieces_total",
    "pieces_done",
    "total_savings",
    "error",
    "created_at",
    "started_at",
    "finished_at",
    "result",
]
PIECE_FIELDS = [
    "run",
    "index",
    "key",
    "category",
    "status",
    "error",
    "started_at",
    "finished_at",
    "cut",
    "instance",
    "result",
]


class EngineRunPieceInline(admin.TabularInline):
    model = EngineRunPiece
    fields = ["index", "key", "status", "error", "started_at", "finished_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: EngineRun | None = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[EngineRunPiece]:
        return super().get_queryset(request).defer("instance", "result")


@admin.register(EngineRun)
class EngineRunAdmin(admin.ModelAdmin):
    """Runs are started with `manage.py engine_run` and written by the workers: read-only."""

    list_display = [
        "pk",
        "scope",
        "status",
        "effort",
        "pieces_done",
        "pieces_total",
        "total_savings",
        "created_by",
        "created_at",
        "finished_at",
    ]
    list_filter = ["status", "effort", "region", "created_at"]
    search_fields = ["error", "created_by__email", "pieces__key"]
    list_select_related = ["created_by"]
    readonly_fields = RUN_FIELDS
    fields = RUN_FIELDS
    inlines = [EngineRunPieceInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: EngineRun | None = None) -> bool:
        return False

    @admin.display(description=_("portée"), ordering="region")
    def scope(self, run: EngineRun) -> str:
        return run.scope_label

    def get_queryset(self, request: HttpRequest) -> QuerySet[EngineRun]:
        # A national result weighs megabytes: lists read only its total (a detail page
        # loads the deferred field when it shows it).
        queryset = super().get_queryset(request).annotate(savings=KT("result__total_savings"))
        return queryset.defer("result")

    @admin.display(description=_("économies totales"))
    def total_savings(self, run: EngineRun) -> str:
        return formats.money(run.savings, current_language())  # type: ignore[attr-defined]


@admin.register(EngineRunPiece)
class EngineRunPieceAdmin(admin.ModelAdmin):
    list_display = ["run", "index", "key", "category", "status", "started_at", "finished_at"]
    list_filter = ["status", "category"]
    search_fields = ["key", "category", "error"]
    list_select_related = ["run"]
    readonly_fields = PIECE_FIELDS
    fields = PIECE_FIELDS

    def get_queryset(self, request: HttpRequest) -> QuerySet[EngineRunPiece]:
        return super().get_queryset(request).defer("instance", "result")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: EngineRunPiece | None = None
    ) -> bool:
        return False
