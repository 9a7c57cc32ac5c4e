"""Stories beside the numbers: the form, the service that saves one, and
the stories of a report's period."""

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.models import Story

#: Stories listed on a period report.
STORIES_SHOWN = 20


class StoryForm(forms.Form):
    resident = forms.TypedChoiceField(label=_("Whose story is it?"), coerce=str)
    text = forms.CharField(
        label=_("The story, anonymised"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Written for the report: no names, addresses or details that point at someone."
        ),
    )
    consent_to_share = forms.BooleanField(
        label=_("The resident agreed that this story, anonymised, goes in reports"),
    )

    def __init__(self, *args, residents, **kwargs):
        super().__init__(*args, **kwargs)
        self.residents = {str(r.pk): r for r in residents}
        self.fields["resident"].choices = [(pk, r.name) for pk, r in self.residents.items()]

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write the story."))
        return text


@transaction.atomic
def story_create(*, by, resident, text, conversation=None, match=None, told_on=None):
    """Save a story about ``conversation`` or ``match`` (one of them),
    told with ``resident``'s consent. Returns the story."""
    about = conversation or match
    story = Story(
        neighbourhood_id=about.neighbourhood_id,
        resident=resident,
        conversation=conversation,
        match=match,
        told_on=told_on or timezone.localdate(),
        text=text,
        consent_to_share=True,
        created_by=by,
    )
    story.full_clean()
    story.save()
    return story


def stories_for_report(scope, period):
    """The stories of ``scope`` told in ``period``, newest first, at most
    STORIES_SHOWN. One query."""
    stories = scope.filter(
        Story.objects.filter(told_on__gte=period.start, told_on__lt=period.end),
        "neighbourhood_id",
    )
    return list(
        stories.only("told_on", "text").order_by("-told_on", "-created_at")[:STORIES_SHOWN]
    )
