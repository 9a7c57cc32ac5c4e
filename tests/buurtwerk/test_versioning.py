"""One optimistic-lock scheme: an integer version, compared under a row lock."""

import pytest
from django.apps import apps
from django.db import transaction

from buurtwerk.versioning import EditConflict, Versioned, lock_at_version
from tests.contacts.factories import InitiativeFactory, ResidentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("factory", [ResidentFactory, InitiativeFactory])
def test_a_save_at_the_opened_version_raises_it_and_a_stale_one_conflicts(factory):
    row = factory()
    opened = row.version
    with transaction.atomic():
        current = lock_at_version(row, opened)
        assert current.version == opened + 1
        current.save()
    with pytest.raises(EditConflict) as conflict, transaction.atomic():
        lock_at_version(row, opened)
    assert conflict.value.current.version == opened + 1


def test_every_model_with_a_version_uses_the_one_scheme():
    versioned = [
        model
        for model in apps.get_models()
        if any(f.name == "version" for f in model._meta.fields)
    ]
    assert versioned, "no versioned model found"
    assert all(issubclass(model, Versioned) for model in versioned), versioned
