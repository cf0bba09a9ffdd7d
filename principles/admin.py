"""The working group's back office for framework content.

Published versions are shown read-only: to change wording, make a new draft version (an
action on the framework list), edit it, then publish it.
"""

from django.contrib import admin, messages
from django.utils import timezone

from .models import (
    CaseStudy,
    CaseStudyPrinciple,
    Descriptor,
    Framework,
    Practice,
    Principle,
    Question,
    Rung,
)


class FrozenWhenPublished:
    """Read-only in the admin once the framework version it belongs to is published."""

    def _published(self, obj) -> bool:
        return obj is not None and obj.framework_version().is_published

    def has_change_permission(self, request, obj=None):
        return not self._published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._published(obj) and super().has_delete_permission(request, obj)


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["version", "name", "published_at"]
    actions = ["make_new_draft", "publish"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_published:
            return [
                "version",
                "name",
                "introduction",
                "easy_read_introduction",
                "published_at",
            ]
        return ["published_at"]

    def has_delete_permission(self, request, obj=None):
        return (obj is None or not obj.is_published) and super().has_delete_permission(request, obj)

    @admin.action(description="Make a new draft version to edit")
    def make_new_draft(self, request, queryset):
        for framework in queryset:
            version = f"{framework.version}-draft-{timezone.now():%Y%m%d%H%M%S}"
            framework.new_draft(version)
            self.message_user(
                request, f"Made draft {version}. Edit it, give it a proper version, then publish."
            )

    @admin.action(description="Publish (the content can no longer change)")
    def publish(self, request, queryset):
        for framework in queryset.filter(published_at__isnull=True):
            framework.publish()
            self.message_user(request, f"Published {framework}.", messages.SUCCESS)


@admin.register(Principle)
class PrincipleAdmin(FrozenWhenPublished, admin.ModelAdmin):
    list_display = ["name", "position", "framework"]
    list_filter = ["framework"]
    list_select_related = ["framework"]


@admin.register(Question)
class QuestionAdmin(FrozenWhenPublished, admin.ModelAdmin):
    list_display = ["text", "code", "principle", "source"]
    list_filter = ["principle__framework", "source"]
    list_select_related = ["principle__framework"]


@admin.register(Rung)
class RungAdmin(FrozenWhenPublished, admin.ModelAdmin):
    list_display = ["name", "position", "group", "is_gold_standard", "framework"]
    list_filter = ["framework"]
    list_select_related = ["framework"]


@admin.register(Descriptor)
class DescriptorAdmin(FrozenWhenPublished, admin.ModelAdmin):
    list_display = ["principle", "rung", "text"]
    list_filter = ["principle__framework", "rung"]
    list_select_related = ["principle__framework", "rung"]


@admin.register(Practice)
class PracticeAdmin(FrozenWhenPublished, admin.ModelAdmin):
    list_display = ["name", "position", "source", "framework"]
    list_filter = ["framework", "source"]
    list_select_related = ["framework"]
    filter_horizontal = ["principles", "from_rungs"]


class CaseStudyPrincipleInline(admin.TabularInline):
    model = CaseStudyPrinciple
    extra = 1


@admin.register(CaseStudy)
class CaseStudyAdmin(admin.ModelAdmin):
    """Corrections in the back office; approving deposited studies happens on the working
    group's own pages, which email the submitter."""

    list_display = ["title", "organisation_name", "status", "sector", "kind", "published_at"]
    list_filter = ["status", "sector", "kind", "source"]
    search_fields = ["title", "organisation_name", "place"]
    readonly_fields = ["submitted_by", "created_at", "updated_at"]
    inlines = [CaseStudyPrincipleInline]
