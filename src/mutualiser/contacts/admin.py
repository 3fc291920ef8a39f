from django.contrib import admin

from .models import ContactRequest, Notification, RequestMessage


class RequestMessageInline(admin.TabularInline):
    model = RequestMessage
    extra = 0
    fields = ["created_at", "organisation", "author", "body"]
    readonly_fields = ["created_at", "organisation", "author"]


@admin.register(ContactRequest)
class ContactRequestAdmin(admin.ModelAdmin):
    list_display = ["__str__", "category", "status", "created_at", "reminded_at", "answered_at"]
    list_filter = ["status", "trial_months", ("reminded_at", admin.EmptyFieldListFilter)]
    search_fields = ["sender__name", "recipient__name", "message"]
    autocomplete_fields = ["sender", "recipient", "sent_by", "answered_by"]
    raw_id_fields = ["category"]
    readonly_fields = ["created_at", "answered_at", "reminded_at", "expired_at"]
    list_select_related = ["sender", "recipient", "category"]
    inlines = [RequestMessageInline]


@admin.register(RequestMessage)
class RequestMessageAdmin(admin.ModelAdmin):
    list_display = ["request", "organisation", "author", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["body", "organisation__name", "author__email"]
    raw_id_fields = ["request", "organisation", "author"]
    list_select_related = ["request__sender", "request__recipient", "organisation", "author"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "request", "created_at", "read_at"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__email", "request__sender__name", "request__recipient__name"]
    raw_id_fields = ["user", "request"]
    list_select_related = ["user", "request__sender", "request__recipient"]
