from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import AuditEvent, Invitation, Membership, Organisation, Round, RoundSummary, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_staff", "is_active"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "name", "password"]}),
        (
            "Permissions",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined", "email_confirmed_at"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]})
    ]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "area", "size"]
    list_filter = ["kind", "size"]
    search_fields = ["name", "area"]
    inlines = [MembershipInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "organisation",
        "role",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    list_select_related = ["organisation"]
    readonly_fields = ["token_hash"]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "created_at"]
    search_fields = ["name"]
    date_hierarchy = "starts_on"


@admin.register(RoundSummary)
class RoundSummaryAdmin(admin.ModelAdmin):
    """Summaries are made by the working group's pages and the task worker; here they can be
    looked at, or deleted (a stuck or unwanted one, say), but not changed. The last heartbeat
    shows whether a summary being built is still making progress."""

    list_display = [
        "round",
        "status",
        "organisations_done",
        "organisations_total",
        "requested_by",
        "requested_at",
        "heartbeat_at",
        "finished_at",
    ]
    list_filter = ["status"]
    list_select_related = ["round", "requested_by"]
    readonly_fields = [
        "round",
        "requested_by",
        "requested_at",
        "status",
        "organisations_done",
        "organisations_total",
        "error",
        "heartbeat_at",
        "finished_at",
    ]
    exclude = ["pdf"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Every organisation's record of who did what, and the line left when one is deleted:
    to read, never to change."""

    list_display = ["at", "organisation_name", "actor_name", "verb", "subject"]
    list_filter = ["verb"]
    search_fields = ["organisation_name", "actor_name", "subject"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
