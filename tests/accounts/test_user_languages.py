"""Workers' languages (accounts.User.languages): ISO 639-3 codes from
buurtwerk.languages, set by an admin as checkboxes."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_worker_speaks_no_language_until_one_is_set():
    assert UserFactory().languages == []


def test_only_codes_on_the_list_are_valid():
    user = UserFactory(languages=["nld", "ary"])
    user.full_clean()
    user.languages = ["nl"]
    with pytest.raises(ValidationError) as error:
        user.full_clean()
    assert "languages" in error.value.error_dict


def test_the_admin_sets_them_as_checkboxes(admin_client, worker):
    url = reverse("admin:accounts_user_change", args=[worker.pk])
    content = admin_client.get(url).content.decode()
    assert 'type="checkbox" name="languages" value="ary"' in content
    assert 'type="checkbox" name="languages" value="tzm"' in content
