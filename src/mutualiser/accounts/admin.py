from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["email", "full_name", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_active", "date_joined"]
    search_fields = ["email", "full_name", "username"]
    ordering = ["email"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Profil"), {"fields": ["full_name"]}),
    ]
