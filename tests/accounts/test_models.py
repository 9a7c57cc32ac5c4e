import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Role, User
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_createsuperuser_makes_an_admin():
    user = User.objects.create_superuser("baas", "baas@example.org", "een-lang-wachtwoord")
    assert user.role == Role.ADMIN
    assert user.sees_everything


def test_a_new_user_is_a_worker_who_does_not_see_everything():
    user = User.objects.create_user("nieuw", password="een-lang-wachtwoord")
    assert user.role == Role.WORKER
    assert not user.sees_everything


def test_a_superuser_sees_everything_whatever_the_role():
    assert UserFactory.build(is_superuser=True, role=Role.WORKER).sees_everything


def test_an_admin_without_staff_status_is_refused_with_a_message():
    user = UserFactory.build(role=Role.ADMIN, is_staff=False)
    with pytest.raises(ValidationError, match="heeft stafstatus nodig"):
        user.full_clean()


def test_an_admin_without_staff_status_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(role=Role.ADMIN, is_staff=False)


def test_an_unknown_role_is_refused_by_the_database():
    user = UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=user.pk).update(role="boss")


def test_str_is_the_full_name_or_else_the_username():
    assert str(UserFactory.build(first_name="Wendy", last_name="Akkers")) == "Wendy Akkers"
    assert str(UserFactory.build(username="wendy", first_name="", last_name="")) == "wendy"
