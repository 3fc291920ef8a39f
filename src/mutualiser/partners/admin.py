"""The partner search's runs and what they stored, read-only for staff (the engine writes)."""

from django.contrib import admin

from .models import Opportunity, OpportunityMember, PartnerCandidate, PartnerRun


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PartnerRun)
class PartnerRunAdmin(ReadOnly):
    list_display = ["pk", "region", "status", "created_at", "finished_at", "engine_run"]
    list_filter = ["status", "region"]
    search_fields = ["error"]


@admin.register(Opportunity)
class OpportunityAdmin(ReadOnly):
    list_display = ["pk", "kind", "category", "savings", "in_core", "distance_km", "run"]
    list_filter = ["kind", "in_core", "run__region"]
    search_fields = ["category__code", "members__organisation__name"]
    list_select_related = ["category", "run"]


@admin.register(OpportunityMember)
class OpportunityMemberAdmin(ReadOnly):
    list_display = ["opportunity", "organisation", "role", "gain"]
    list_filter = ["role", "opportunity__kind"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation", "opportunity"]
    raw_id_fields = ["opportunity", "organisation", "item"]


@admin.register(PartnerCandidate)
class PartnerCandidateAdmin(ReadOnly):
    list_display = ["item", "partner", "kind", "gain", "distance_km", "run"]
    list_filter = ["kind", "run__region"]
    search_fields = ["partner__name"]
    list_select_related = ["partner", "item", "run"]
    raw_id_fields = ["run", "item", "partner_item", "partner"]
