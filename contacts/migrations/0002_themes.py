from django.db import migrations

# (Dutch, English): a starting list the admin can edit.
THEMES = [
    ("Kennismaken", "Getting acquainted"),
    ("Contact met buren", "Contact with neighbours"),
    ("Meedoen en activiteiten", "Taking part and activities"),
    ("Vrijwilligerswerk", "Volunteering"),
    ("Buurt en woonomgeving", "Neighbourhood and surroundings"),
    ("Wonen", "Housing"),
    ("Geldzaken", "Money matters"),
    ("Werk en opleiding", "Work and education"),
    ("Kinderen en opvoeden", "Children and parenting"),
    ("Taal", "Language"),
    ("Veiligheid", "Safety"),
    ("Zwerfvuil en overlast", "Litter and nuisance"),
]


def add_themes(apps, schema_editor):
    Theme = apps.get_model("contacts", "Theme")
    for position, (name, name_en) in enumerate(THEMES):
        Theme.objects.get_or_create(name=name, defaults={"name_en": name_en, "position": position})


class Migration(migrations.Migration):
    dependencies = [("contacts", "0001_initial")]

    operations = [migrations.RunPython(add_themes, migrations.RunPython.noop)]
