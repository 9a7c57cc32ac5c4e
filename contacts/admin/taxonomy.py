"""Admin for the taxonomy of talents and needs: an administrator renames,
reorders, retires categories and edits their Dutch keywords, which
``contacts.categorise`` uses at once.

Talents, needs, initiatives (whose members are residents) and matches are
deliberately not here, for the reason given in ``contacts.admin.lists``: they are
personal data, reached only through the app's own pages, which limit each
user to the neighbourhoods of their teams. Initiatives are kept on their
own pages (``contacts.views.initiatives``)."""

from django import forms
from django.contrib import admin
from django.contrib.postgres.forms import SimpleArrayField
from django.utils.translation import gettext_lazy as _

from contacts.models import Category, ThesaurusEntry


class KeywordsField(SimpleArrayField):
    """Comma-separated keywords; blanks and repeats are dropped, so a
    trailing comma or a doubled word is no error."""

    def __init__(self, **kwargs):
        super().__init__(forms.CharField(max_length=40), delimiter=",", **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            words = [word.strip() for word in value.split(self.delimiter)]
            value = self.delimiter.join(dict.fromkeys(word for word in words if word))
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(str(word) for word in value)
        return value


class CategoryForm(forms.ModelForm):
    keywords = KeywordsField(
        label=_("Dutch keywords and synonyms"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Comma-separated words and phrases residents use for this, e.g. tuin, gras, "
            "maaien, heg knippen. Write the forms people say (rijden, rijdt): PostgreSQL "
            "stems them, but does not split compound words."
        ),
    )

    class Meta:
        model = Category
        fields = ["slug", "name", "name_en", "gift", "keywords", "position", "is_active"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    form = CategoryForm
    list_display = ["name", "name_en", "gift", "keyword_count", "position", "is_active"]
    list_editable = ["gift", "position", "is_active"]
    list_filter = ["gift", "is_active"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_search_results(self, request, queryset, search_term):
        """Also finds the categories that have the search term as a keyword."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            results |= queryset.filter(keywords__contains=[search_term.strip()])
        return results, may_have_duplicates

    @admin.display(description=_("keywords"))
    def keyword_count(self, obj):
        return len(obj.keywords)


@admin.register(ThesaurusEntry)
class ThesaurusEntryAdmin(admin.ModelAdmin):
    """Everyday synonyms, job words and problems for the suggestions and the
    category proposal (``contacts.language``). A change counts for what is
    written down from now on; ``manage.py analyse_heard`` applies it to the
    talents and needs already there."""

    list_display = ["words", "means", "kind", "is_active"]
    list_editable = ["is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["words", "means"]
