from django.contrib import admin

from reports.models import Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["indicator", "year", "neighbourhood", "team", "planned"]
    list_filter = ["year", "indicator", "team"]
    list_select_related = ["neighbourhood", "team"]
    autocomplete_fields = ["neighbourhood"]
    fields = ["indicator", "year", "neighbourhood", "team", "planned"]
