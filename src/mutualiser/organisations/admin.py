from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Invitation, Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "legal_kind", "region", "municipality", "visibility", "budget_band"]
    list_filter = ["region", "legal_kind", "visibility", "budget_band", "is_demo"]
    search_fields = ["name", "municipality", "slug"]
    readonly_fields = ["latitude", "longitude", "is_demo", "created_at", "updated_at"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "slug", "legal_kind", "disciplines", "visibility"]}),
        (_("Lieu"), {"fields": ["region", "municipality", "latitude", "longitude"]}),
        (_("Taille"), {"fields": ["budget_band", "staff_fte"]}),
        (_("Présentation"), {"fields": ["description", "website"]}),
        (_("Suivi"), {"fields": ["is_demo", "created_at", "updated_at"]}),
    ]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role", ("accepted_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "organisation__name"]
    autocomplete_fields = ["organisation", "invited_by", "accepted_by"]
    readonly_fields = ["token", "created_at", "accepted_at", "accepted_by"]
    list_select_related = ["organisation"]
