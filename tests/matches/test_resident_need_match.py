"""The resident page shows, for a need with a match in progress, that match
instead of suggestions (issue 16, point 1), for every status in progress;
once the match no longer takes the need, the suggestions are back. The
page stays the worker's own (another team's worker: 404)."""

import pytest
from django.urls import reverse

from matches.models import Match
from tests.contacts.factories import CategoryFactory, NeedFactory, TalentFactory
from tests.matches.steps import match_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

Status = Match.Status


@pytest.fixture
def garden(db):
    return CategoryFactory(slug="pagina-tuin", name="Paginatuin", name_en="Page garden")


@pytest.fixture
def need(resident, garden):
    return NeedFactory(resident=resident, category=garden, text="Kan het gras niet meer maaien")


def page(client, resident):
    return client.get(reverse("contacts:resident_detail", args=[resident.pk])).content.decode()


@pytest.mark.parametrize("status", Match.Status.in_progress())
def test_a_need_with_a_match_in_progress_shows_the_match_not_suggestions(
    client, worker, lead, resident, helper, need, garden, status
):
    talent = TalentFactory(resident=helper, category=garden, text="Hovenier")
    match = match_in(status, need=need, helper=helper, talent=talent, worker=worker, lead=lead)
    client.force_login(worker)

    content = page(client, resident)

    assert reverse("matches:match_detail", args=[match.pk]) in content
    assert f"Match: {match.get_status_display()}" in content
    assert reverse("matches:need_suggestions", args=[need.pk]) not in content


@pytest.mark.parametrize("status", [Status.REJECTED, Status.ENDED])
def test_a_match_no_longer_in_progress_gives_the_need_back_its_suggestions(
    client, worker, lead, resident, helper, need, garden, status
):
    talent = TalentFactory(resident=helper, category=garden, text="Hovenier")
    match = match_in(status, need=need, helper=helper, talent=talent, worker=worker, lead=lead)
    need.refresh_from_db()
    if need.status != need.Status.OPEN:
        need.status = need.Status.OPEN  # a lasting end keeps it matched; ask again
        need.save()
    client.force_login(worker)

    content = page(client, resident)

    assert reverse("matches:match_detail", args=[match.pk]) not in content
    assert reverse("matches:need_suggestions", args=[need.pk]) in content


def test_the_page_with_a_match_is_the_workers_own(
    client, other_worker, worker, lead, resident, helper, need, garden
):
    talent = TalentFactory(resident=helper, category=garden, text="Hovenier")
    match_in(Status.PROPOSED, need=need, helper=helper, talent=talent, worker=worker, lead=lead)
    client.force_login(other_worker)
    response = client.get(reverse("contacts:resident_detail", args=[resident.pk]))
    assert response.status_code == 404
    client.logout()
    response = client.get(reverse("contacts:resident_detail", args=[resident.pk]))
    assert response.status_code == 302
