"""Admin for activities, for an administrator who fixes a kind, a date or
a headcount. Who was there and who organised it are left out: those name
residents, and are reached only through the activity's own page
(``contacts.views.activities``), for the reason in ``contacts.admin.lists``.
The notes are left out too (they may mention someone)."""

from django.contrib import admin

from contacts.models import Activity


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "held_on", "kind", "neighbourhood", "initiative", "headcount"]
    list_filter = ["kind", "neighbourhood"]
    list_select_related = ["neighbourhood", "initiative"]
    search_fields = ["title", "place"]
    date_hierarchy = "held_on"
    fields = [
        "kind",
        "title",
        "held_on",
        "starts_at",
        "place",
        "neighbourhood",
        "initiative",
        "headcount",
    ]
    raw_id_fields = ["initiative"]
    ordering = ["-held_on"]
