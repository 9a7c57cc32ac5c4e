"""Admin for the lists an administrator keeps: conversation themes and the
organisations on the sociale kaart.

Residents, consents, door knocks, conversations, follow-ups, signals and
reports are deliberately not here. They are personal data about people who
never signed up for anything; every access to them goes through the
contacts views, which limit each user to the neighbourhoods of their teams
(``neighbourhoods.scoping``). The Django admin would bypass that scoping."""

from django.contrib import admin
from django.db import models

from contacts.models import Organisation, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "name_en"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "phone", "email", "is_active"]
    list_filter = ["is_active", "municipalities"]
    search_fields = ["name", "description"]
    filter_horizontal = ["municipalities"]
    # A website typed without scheme is https (Django 6's default, already now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
