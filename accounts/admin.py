from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from buurtwerk.forms import LanguagesField

# ``neighbourhoods.admin`` extends this admin with the user's team memberships:
# accounts comes before neighbourhoods and does not import it.


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "role", "is_active"]
    list_filter = ["role", "is_active", "is_staff"]
    fieldsets = [
        *BaseUserAdmin.fieldsets[:1],
        (_("Personal info"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Role"), {"fields": ["role"]}),
        (_("Languages"), {"fields": ["languages"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "email", "role", "password1", "password2"],
            },
        ),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """The languages as checkboxes rather than a comma-separated text."""
        if db_field.name == "languages":
            return LanguagesField(label=db_field.verbose_name, help_text=db_field.help_text)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


# The admin's own login form would log in with the password alone, skipping
# two-factor login and the session list: send it to the one login instead.
admin.site.login = secure_admin_login(admin.site.login)
