from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from accounts.admin import UserAdmin
from accounts.models import User
from neighbourhoods.models import (
    Address,
    District,
    Membership,
    Municipality,
    Neighbourhood,
    Street,
    Team,
)


class DistrictInline(admin.TabularInline):
    model = District
    extra = 0
    show_change_link = True


class NeighbourhoodInline(admin.TabularInline):
    model = Neighbourhood
    extra = 0
    show_change_link = True


class StreetInline(admin.TabularInline):
    model = Street
    extra = 0
    show_change_link = True


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    inlines = [DistrictInline]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "municipality"]
    list_filter = ["municipality"]
    list_select_related = ["municipality"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["municipality"]
    inlines = [NeighbourhoodInline]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "district", "street_count"]
    list_filter = ["district__municipality"]
    list_select_related = ["district"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["district"]
    inlines = [StreetInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(street_count=Count("streets"))

    @admin.display(description=_("streets"), ordering="street_count")
    def street_count(self, obj):
        return obj.street_count


@admin.register(Street)
class StreetAdmin(admin.ModelAdmin):
    list_display = ["name", "neighbourhood", "address_count"]
    list_filter = ["neighbourhood__district__municipality"]
    list_select_related = ["neighbourhood"]
    search_fields = ["name", "neighbourhood__name", "=neighbourhood__code"]
    autocomplete_fields = ["neighbourhood"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(address_count=Count("addresses"))

    @admin.display(description=_("addresses"), ordering="address_count")
    def address_count(self, obj):
        return obj.address_count


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    list_display = ["street", "house_number", "addition", "postcode", "neighbourhood"]
    # Filters list every choice on each page load; with a national CBS import
    # (~14,000 neighbourhoods) only the municipality is short enough, so
    # neighbourhoods and streets are found through search.
    list_filter = ["street__neighbourhood__district__municipality"]
    list_select_related = ["street__neighbourhood"]
    search_fields = ["postcode", "street__name", "=house_number", "=street__neighbourhood__code"]
    autocomplete_fields = ["street"]
    show_full_result_count = False

    @admin.display(description=_("neighbourhood"), ordering="street__neighbourhood__name")
    def neighbourhood(self, obj):
        return obj.street.neighbourhood


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "member_count"]
    list_filter = ["neighbourhoods__district__municipality"]
    search_fields = ["name", "neighbourhoods__name"]
    autocomplete_fields = ["neighbourhoods"]  # a national import has ~14,000
    inlines = [MembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("memberships"))

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, obj):
        return obj.member_count


class UserMembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["team"]
    verbose_name = _("team membership")
    verbose_name_plural = _("team memberships")


class UserWithTeamsAdmin(UserAdmin):
    """The user admin of ``accounts`` plus the user's teams, which this app
    owns (accounts comes first and cannot know about teams)."""

    list_filter = [*UserAdmin.list_filter, "memberships__team"]
    inlines = [*UserAdmin.inlines, UserMembershipInline]


admin.site.unregister(User)
admin.site.register(User, UserWithTeamsAdmin)
