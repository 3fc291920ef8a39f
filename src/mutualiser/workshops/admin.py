from django.contrib import admin

from .models import Commitment, Obstacle, Participant, ProposedLink, Vote, Workshop, WorkshopItem


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "code", "phase", "facilitator", "closed_at"]
    list_filter = ["phase", "language", "anonymous", "joining_locked"]
    search_fields = ["title", "code", "place", "facilitator__email"]
    raw_id_fields = ["facilitator"]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["__str__", "workshop", "number", "joined_at"]
    list_filter = ["workshop"]
    search_fields = ["guest_name", "organisation__name", "workshop__title"]
    raw_id_fields = ["workshop", "organisation", "user"]


@admin.register(WorkshopItem)
class WorkshopItemAdmin(admin.ModelAdmin):
    list_display = ["participant", "category", "direction", "quantity", "season"]
    list_filter = ["direction", "season", "category__family"]
    search_fields = ["participant__guest_name", "participant__organisation__name", "category__code"]
    raw_id_fields = ["participant"]


@admin.register(Obstacle)
class ObstacleAdmin(admin.ModelAdmin):
    list_display = ["text", "kind", "participant", "hidden"]
    list_filter = ["kind", "hidden"]
    search_fields = ["text", "participant__guest_name", "participant__organisation__name"]
    raw_id_fields = ["participant"]


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ["opportunity", "participant", "created_at"]
    list_filter = ["participant__workshop"]
    search_fields = ["opportunity", "participant__guest_name"]
    raw_id_fields = ["participant"]


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["text", "participant", "due"]
    list_filter = ["participant__workshop"]
    search_fields = ["text", "participant__guest_name", "participant__organisation__name"]
    raw_id_fields = ["participant"]


@admin.register(ProposedLink)
class ProposedLinkAdmin(admin.ModelAdmin):
    list_display = ["__str__", "note", "created_at"]
    list_filter = ["category__family"]
    search_fields = ["note", "participant__guest_name", "participant__organisation__name"]
    raw_id_fields = ["participant", "partner"]
