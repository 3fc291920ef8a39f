from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import Category, Family, InventoryItem, ScoringWeights

COST_FIELDS = [
    "standalone_rate",
    "unit_capacity",
    "unit_cost",
    "min_fraction",
    "member_overhead",
    "max_group_size",
]


class CategoryInline(admin.TabularInline):
    model = Category
    fields = ["code", "label_fr", "kind", "unit", "standalone_rate"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Family | None = None) -> bool:
        return False


@admin.register(Family)
class FamilyAdmin(admin.ModelAdmin):
    list_display = ["code", "label_fr", "label_en", "order", "category_count"]
    list_editable = ["order"]
    list_filter = ["categories__kind", "categories__support_or_core"]
    search_fields = ["code", "label_fr", "label_en"]
    ordering = ["order", "code"]
    inlines = [CategoryInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Family]:
        return super().get_queryset(request).annotate(category_total=Count("categories"))

    @admin.display(description=_("catégories"), ordering="category_total")
    def category_count(self, family: Family) -> int:
        return family.category_total  # type: ignore[attr-defined]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "label_fr", "family", "kind", "unit", *COST_FIELDS, "customised"]
    list_display_links = ["code", "label_fr"]
    list_editable = COST_FIELDS
    list_filter = ["family", "kind", "support_or_core", "typical_level", "customised"]
    list_select_related = ["family"]
    search_fields = ["code", "label_fr", "label_en", "description_fr", "description_en"]
    ordering = ["family__order", "order", "code"]
    list_per_page = 100
    readonly_fields = ["customised"]
    fieldsets = [
        (None, {"fields": ["code", "family", "order", "customised"]}),
        (_("Libellés"), {"fields": ["label_fr", "label_en", "description_fr", "description_en"]}),
        (
            _("Caractéristiques"),
            {
                "fields": [
                    "kind",
                    "unit",
                    "support_or_core",
                    "typical_level",
                    "confidentiality",
                    "proximity_need",
                    "competitive_sensitivity",
                ]
            },
        ),
        (_("Chiffres du modèle de coûts"), {"fields": [*COST_FIELDS, "source"]}),
    ]

    def save_model(self, request: HttpRequest, obj: Category, form, change: bool) -> None:
        # An edit by staff wins over the taxonomy file until `taxonomy --update`.
        if change and form.has_changed():
            obj.customised = True
        super().save_model(request, obj, form, change)


@admin.register(InventoryItem)
class InventoryItemAdmin(admin.ModelAdmin):
    list_display = [
        "organisation",
        "category",
        "direction",
        "label",
        "importance",
        "annual_cost",
        "max_distance_km",
        "updated_at",
    ]
    list_filter = [
        "direction",
        "category__family",
        "importance",
        "confidentiality",
        "organisation__region",
    ]
    list_select_related = ["organisation", "category"]
    search_fields = [
        "organisation__name",
        "category__code",
        "category__label_fr",
        "category__label_en",
        "label",
    ]
    raw_id_fields = ["organisation"]
    autocomplete_fields = ["category"]
    readonly_fields = ["created_at", "updated_at"]
    ordering = ["organisation__name", "category__family__order", "category__order", "id"]


@admin.register(ScoringWeights)
class ScoringWeightsAdmin(admin.ModelAdmin):
    """History of the grid's weights; facilitators change them on the site's weights page."""

    list_display = ["created_at", "created_by", "is_active"]
    list_filter = ["is_active", "created_at"]
    search_fields = ["created_by__email"]
    readonly_fields = ["weights", "created_by", "created_at"]
    ordering = ["-created_at", "-id"]
