"""Talents and needs: the service (contacts.services.heard), their own pages
(contacts.views.heard), the category proposal htmx asks for, and how the
resident page shows them, strengths first."""

import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse

from contacts.models import Category, Consent, Need, Resident, Talent
from contacts.services.heard import heard_update, need_create, talent_create
from contacts.services.residents import consent_set
from tests.contacts.factories import (
    CategoryFactory,
    ConversationFactory,
    InitiativeFactory,
    NeedFactory,
    ResidentFactory,
    TalentFactory,
)
from tests.matches.factories import MatchFactory
from tests.neighbourhoods.factories import AddressFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages", "english_messages")]

PROPOSE_URL = reverse("contacts:category_propose")
KINDS = [("talent", Talent), ("need", Need)]


@pytest.fixture
def garden():
    return Category.objects.get(slug="tuin")


@pytest.fixture
def company():
    return Category.objects.get(slug="gezelschap")


@pytest.fixture
def unconsented(address):
    """A resident of the worker's neighbourhood who did not agree to storing data."""
    return ResidentFactory(
        address=address, name="Gerrit Nee", languages=[], may_store=False, may_match=False
    )


def create_url(kind, resident):
    return reverse(f"contacts:{kind}_create", args=[resident.pk])


def edit_url(kind, item):
    return reverse(f"contacts:{kind}_edit", args=[item.pk])


def detail_url(resident):
    return reverse("contacts:resident_detail", args=[resident.pk])


def url_or_none(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # the suggestions pages are another helper's
        return None


def field_block(content, field_id):
    """The HTML of one field's wrapper, to check an error is beside it."""
    start = content.index(f'id="div_{field_id}"')
    end = content.find('id="div_', start + 1)
    return content[start : end if end != -1 else None]


# --- The service -------------------------------------------------------------


def test_a_talent_gets_the_category_proposed_from_its_words(resident, worker, garden):
    talent = talent_create(
        resident=resident, text="  Houdt de  heg bij  ", created_by=worker, availability=()
    )
    assert talent.category == garden
    assert talent.text == "Houdt de heg bij"
    assert talent.status == Talent.Status.OPEN
    assert talent.created_by == worker


def test_words_that_fit_no_category_go_under_other(resident, worker):
    need = need_create(resident=resident, text="Weet het nog niet precies", created_by=worker)
    assert need.category.slug == "overig"


def test_a_chosen_category_is_kept(resident, worker, company):
    need = need_create(
        resident=resident, text="Kan het gras niet maaien", category=company, created_by=worker
    )
    assert need.category == company


def test_availability_is_kept_once_in_the_order_of_the_week(resident, worker):
    talent = talent_create(
        resident=resident,
        text="Kookt graag",
        availability=["weekend_evening", "weekday_morning", "weekend_evening"],
        created_by=worker,
    )
    assert talent.availability == ["weekday_morning", "weekend_evening"]


def test_an_unknown_part_of_the_week_is_refused(resident, worker):
    with pytest.raises(ValidationError) as error:
        talent_create(
            resident=resident, text="Kookt graag", availability=["nachts"], created_by=worker
        )
    assert "availability" in error.value.message_dict
    assert not Talent.objects.exists()


@pytest.mark.parametrize("create", [talent_create, need_create])
def test_nothing_is_recorded_for_a_resident_without_consent_to_store(create, unconsented, worker):
    with pytest.raises(ValidationError) as error:
        create(resident=unconsented, text="Werkt graag in de tuin", created_by=worker)
    assert "has not agreed to storing their data" in " ".join(error.value.messages)
    assert not Talent.objects.exists() and not Need.objects.exists()


@pytest.mark.parametrize("status", [Resident.Status.MOVED, Resident.Status.ANONYMISED])
def test_nothing_is_recorded_for_a_moved_or_anonymised_resident(status, resident, worker):
    Resident.objects.filter(pk=resident.pk).update(status=status)
    resident.refresh_from_db()
    with pytest.raises(ValidationError, match="moved or was anonymised"):
        need_create(resident=resident, text="Wil graag aanspraak", created_by=worker)


def test_empty_words_are_refused(resident, worker):
    with pytest.raises(ValidationError) as error:
        talent_create(resident=resident, text="   ", created_by=worker)
    assert "text" in error.value.message_dict


def test_an_initiative_can_offer_and_need_things(neighbourhood, worker):
    initiative = InitiativeFactory(neighbourhoods=[neighbourhood])
    offer = talent_create(initiative=initiative, text="Samen koken en eten", created_by=worker)
    need = need_create(initiative=initiative, text="Iemand die mensen rijdt", created_by=worker)
    assert offer.initiative == need.initiative == initiative
    assert offer.category.slug == "koken"
    assert need.category.slug == "vervoer"


def test_it_belongs_to_a_resident_or_an_initiative_not_both(resident, neighbourhood, worker):
    initiative = InitiativeFactory(neighbourhoods=[neighbourhood])
    for owners in [{}, {"resident": resident, "initiative": initiative}]:
        with pytest.raises(ValidationError, match="resident or to an initiative"):
            talent_create(text="Kookt graag", created_by=worker, **owners)


def test_a_talent_remembers_the_conversation_it_was_heard_in(resident, worker, neighbourhood):
    conversation = ConversationFactory(neighbourhood=neighbourhood, residents=[resident])
    talent = talent_create(
        resident=resident, text="Speelt piano", conversation=conversation, created_by=worker
    )
    assert list(conversation.talents.all()) == [talent]


def test_an_update_changes_words_category_availability_and_status(resident, worker, company):
    need = NeedFactory(resident=resident, text="Kan het gras niet maaien")
    updated = heard_update(
        item=need,
        text="Wil graag een praatje",
        category=None,
        availability=["weekday_afternoon"],
        status=Need.Status.CLOSED,
        by=worker,
    )
    need.refresh_from_db()
    assert updated.pk == need.pk
    assert need.text == "Wil graag een praatje"
    assert need.category == company  # proposed again from the new words
    assert need.availability == ["weekday_afternoon"]
    assert need.status == Need.Status.CLOSED


def test_an_update_is_refused_once_consent_to_store_is_withdrawn(resident, worker, lead):
    talent = TalentFactory(resident=resident)
    # A talent in a match is kept (closed) when the consent goes; others are deleted.
    MatchFactory(
        talent=talent, need__resident__address__street__neighbourhood=resident.neighbourhood
    )
    consent_set(resident=resident, purpose=Consent.STORE, given=False, recorded_by=lead)
    with pytest.raises(ValidationError, match="has not agreed to storing their data"):
        heard_update(
            item=talent,
            text="Iets anders",
            category=talent.category,
            availability=[],
            status="open",
            by=worker,
        )
    talent.refresh_from_db()
    assert talent.text == "Werkt graag in de tuin"


# --- Adding on its own page ----------------------------------------------------


@pytest.mark.parametrize(("kind", "model"), KINDS)
def test_the_add_form_opens_for_a_worker_of_the_team(worker_client, resident, kind, model):
    response = worker_client.get(create_url(kind, resident))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Anna de Vries" in content
    assert "Propose from the words" in content
    assert "Garden and green" in content
    assert 'name="submission_token"' in content


@pytest.mark.parametrize(("kind", "model"), KINDS)
def test_the_add_form_is_404_for_a_worker_of_another_team(
    client, other_worker, resident, kind, model
):
    client.force_login(other_worker)
    assert client.get(create_url(kind, resident)).status_code == 404
    assert client.post(create_url(kind, resident), {"text": "Tuin"}).status_code == 404
    assert not model.objects.exists()


@pytest.mark.parametrize(("kind", "model"), KINDS)
def test_the_add_form_sends_an_anonymous_visitor_to_login(client, resident, kind, model):
    response = client.get(create_url(kind, resident))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(("kind", "model"), KINDS)
def test_adding_saves_with_the_proposed_category_and_goes_back(
    worker_client, worker, resident, garden, kind, model
):
    response = worker_client.post(
        create_url(kind, resident),
        {
            "submission_token": str(uuid.uuid4()),
            "text": "Wil hulp met het snoeien van de heg",
            "category": "",
            "availability": ["weekday_morning", "weekend_morning"],
        },
    )
    anchor = "strengths" if kind == "talent" else "needs"
    assert response.status_code == 302
    assert response["Location"] == f"{detail_url(resident)}#{anchor}"
    item = model.objects.get()
    assert (item.resident, item.category, item.created_by) == (resident, garden, worker)
    assert item.availability == ["weekday_morning", "weekend_morning"]


@pytest.mark.parametrize(("kind", "model"), KINDS)
def test_the_same_submission_twice_stores_one(worker_client, resident, kind, model):
    data = {"submission_token": str(uuid.uuid4()), "text": "Speelt piano", "category": ""}
    first = worker_client.post(create_url(kind, resident), data)
    second = worker_client.post(create_url(kind, resident), data)
    assert model.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_empty_words_are_an_error_beside_the_words(worker_client, resident):
    response = worker_client.post(
        create_url("talent", resident),
        {"submission_token": str(uuid.uuid4()), "text": " ", "availability": ["weekday_evening"]},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Write down what they said." in field_block(content, "id_text")
    # What was ticked is kept.
    assert re.search(r'value="weekday_evening"[^>]*checked', content)
    assert not Talent.objects.exists()


def test_an_unknown_category_is_an_error_beside_the_category(worker_client, resident):
    response = worker_client.post(
        create_url("need", resident),
        {"submission_token": str(uuid.uuid4()), "text": "Gras maaien", "category": "999999"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    box = content[content.index('id="id_category-box"') :]
    assert "Select a valid choice" in box[: box.index("</select>") + 400]
    assert "Gras maaien" in content
    assert not Need.objects.exists()


def test_a_resident_without_consent_is_refused_with_the_reason(worker_client, unconsented):
    url = create_url("talent", unconsented)
    page = worker_client.get(url).content.decode()
    assert "has not agreed to storing their data" in page
    response = worker_client.post(
        url, {"submission_token": str(uuid.uuid4()), "text": "Werkt graag in de tuin"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'class="alert alert-danger"' in content
    assert "Werkt graag in de tuin" in content  # kept
    assert not Talent.objects.exists()


def test_the_add_form_query_count(worker_client, resident, django_assert_num_queries):
    # savepoint (ATOMIC_REQUESTS), session, user, the resident with their
    # neighbourhood, the categories, the access-log row, release savepoint
    with django_assert_num_queries(7):
        worker_client.get(create_url("need", resident))
    CategoryFactory.create_batch(5)
    with django_assert_num_queries(7):
        response = worker_client.get(create_url("need", resident))
    assert response.content.decode().count("<option") == Category.objects.count() + 1


# --- Editing -------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "model"), KINDS)
def test_the_edit_form_opens_with_the_current_values(
    worker_client, resident, company, kind, model
):
    item = model.objects.create(
        resident=resident,
        category=company,
        text="Drinkt graag koffie",
        availability=["weekend_afternoon"],
    )
    response = worker_client.get(edit_url(kind, item))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Drinkt graag koffie" in content
    assert re.search(rf'<option value="{company.pk}"\s+selected>', content)
    assert re.search(r'value="weekend_afternoon"[^>]*checked', content)
    assert re.search(r'value="open"[^>]*checked', content)
    assert 'name="submission_token"' not in content


@pytest.mark.parametrize(("kind", "model"), KINDS)
def test_the_edit_form_is_404_for_a_worker_of_another_team(
    client, other_worker, resident, kind, model
):
    item = model.objects.create(resident=resident, category=CategoryFactory(), text="Tuin")
    client.force_login(other_worker)
    assert client.get(edit_url(kind, item)).status_code == 404
    data = {"text": "Anders", "status": "closed"}
    assert client.post(edit_url(kind, item), data).status_code == 404
    item.refresh_from_db()
    assert item.text == "Tuin"


@pytest.mark.parametrize(("kind", "model"), KINDS)
def test_the_edit_form_sends_an_anonymous_visitor_to_login(client, resident, kind, model):
    item = model.objects.create(resident=resident, category=CategoryFactory(), text="Tuin")
    response = client.get(edit_url(kind, item))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_editing_changes_the_need_and_goes_back(worker_client, resident, garden, company):
    need = NeedFactory(resident=resident, category=garden)
    response = worker_client.post(
        edit_url("need", need),
        {
            "text": "Zoekt gezelschap",
            "category": str(company.pk),
            "availability": ["weekday_evening"],
            "status": "closed",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{detail_url(resident)}#needs"
    need.refresh_from_db()
    assert (need.text, need.category, need.status) == ("Zoekt gezelschap", company, "closed")
    assert need.availability == ["weekday_evening"]


def test_a_retired_category_stays_choosable_for_what_already_has_it(worker_client, resident):
    retired = CategoryFactory(name="Vroeger", name_en="Vroeger", is_active=False)
    talent = TalentFactory(resident=resident, category=retired)
    content = worker_client.get(edit_url("talent", talent)).content.decode()
    assert ">Vroeger</option>" in content
    response = worker_client.post(
        edit_url("talent", talent),
        {"text": "Werkt graag in de tuin", "category": str(retired.pk), "status": "open"},
    )
    assert response.status_code == 302
    # ...but it is not offered for a new one.
    assert (
        ">Vroeger</option>"
        not in worker_client.get(create_url("talent", resident)).content.decode()
    )


def test_an_initiatives_talent_can_be_edited(worker_client, neighbourhood):
    initiative = InitiativeFactory(neighbourhoods=[neighbourhood], name="Buurtdiner")
    offer = TalentFactory(resident=None, initiative=initiative)
    response = worker_client.get(edit_url("talent", offer))
    assert response.status_code == 200
    assert "Buurtdiner" in response.content.decode()


def test_the_edit_form_query_count(worker_client, resident, django_assert_num_queries):
    need = NeedFactory(resident=resident)
    # savepoint, session, user, the need with its resident, initiative and
    # category, the categories, the access-log row, release savepoint
    with django_assert_num_queries(7):
        worker_client.get(edit_url("need", need))


# --- The category proposal -----------------------------------------------------


def test_the_proposal_selects_the_category_of_the_words(worker_client, garden):
    response = worker_client.post(
        PROPOSE_URL, {"prefix": "", "text": "Kan het gras niet meer maaien", "category": ""}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="id_category-box"' in content
    assert re.search(rf'<option value="{garden.pk}"\s+selected>', content)
    assert re.search(rf'name="category_proposed"\s+value="{garden.pk}"', content)
    assert "Proposed from their words: Garden and green" in content


def test_the_proposal_follows_the_words_while_the_worker_did_not_choose(
    worker_client, garden, company
):
    response = worker_client.post(
        PROPOSE_URL,
        {
            "prefix": "needs-1",
            "needs-1-text": "Voelt zich eenzaam",
            "needs-1-category": str(garden.pk),
            "needs-1-category_proposed": str(garden.pk),
        },
    )
    content = response.content.decode()
    assert 'id="id_needs-1-category-box"' in content
    assert 'name="needs-1-category"' in content
    assert re.search(rf'<option value="{company.pk}"\s+selected>', content)


def test_the_proposal_keeps_a_category_chosen_by_hand(worker_client, garden, company):
    response = worker_client.post(
        PROPOSE_URL,
        {
            "prefix": "talents-0",
            "talents-0-text": "Voelt zich eenzaam",
            "talents-0-category": str(garden.pk),
            "talents-0-category_proposed": "",
        },
    )
    content = response.content.decode()
    assert re.search(rf'<option value="{garden.pk}"\s+selected>', content)
    assert not re.search(rf'<option value="{company.pk}"\s+selected>', content)


def test_without_a_match_the_proposal_leaves_it_to_propose(worker_client):
    response = worker_client.post(PROPOSE_URL, {"text": "Het weer is mooi"})
    assert re.search(r'<option value=""\s+selected>', response.content.decode())


def test_the_proposal_refuses_an_odd_prefix(worker_client):
    response = worker_client.post(PROPOSE_URL, {"prefix": '"><script>', "text": "tuin"})
    assert response.status_code == 400


def test_the_proposal_rejects_get(worker_client):
    assert worker_client.get(PROPOSE_URL).status_code == 405


def test_the_proposal_sends_an_anonymous_visitor_to_login(client, db):
    response = client.post(PROPOSE_URL, {"text": "tuin"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_words_go_in_the_body_never_in_the_url(worker_client, resident):
    content = worker_client.get(create_url("talent", resident)).content.decode()
    assert f'hx-post="{PROPOSE_URL}"' in content
    assert "?" not in PROPOSE_URL
    assert 'hx-trigger="keyup changed delay:500ms"' in content


def test_the_proposal_query_count(worker_client, django_assert_num_queries):
    # savepoint, session, user, the thesaurus and the categories' keywords
    # (contacts.language, the first time in the process only), the
    # categories, the proposal, release savepoint
    with django_assert_num_queries(8):
        worker_client.post(PROPOSE_URL, {"text": "Wil graag samen wandelen"})
    with django_assert_num_queries(6):  # the thesaurus kept
        worker_client.post(PROPOSE_URL, {"text": "Wil graag samen wandelen"})


# --- The resident page ---------------------------------------------------------


def test_the_resident_page_shows_strengths_before_needs(worker_client, resident, garden):
    open_need = NeedFactory(resident=resident, category=garden, text="Kan het gras niet maaien")
    closed_need = NeedFactory(resident=resident, text="Zocht een oppas", status="closed")
    talent = TalentFactory(
        resident=resident, text="Speelt graag piano", availability=["weekend_evening"]
    )
    content = worker_client.get(detail_url(resident)).content.decode()
    strengths = content[content.index('id="strengths"') : content.index('id="needs"')]
    needs = content[content.index('id="needs"') : content.index('id="consent"')]
    assert "Strengths: what they can and like to do" in strengths
    assert "Speelt graag piano" in strengths and "Weekend evenings" in strengths
    assert "Kan het gras niet maaien" in needs and "Garden and green" in needs
    assert "No longer relevant" in needs
    assert edit_url("talent", talent) in strengths
    assert edit_url("need", open_need) in needs
    assert needs.index("Kan het gras niet maaien") < needs.index("Zocht een oppas")
    assert create_url("talent", resident) in strengths
    assert create_url("need", resident) in needs
    suggestions = url_or_none("matches:need_suggestions", open_need.pk)
    if suggestions:
        assert suggestions in needs
        assert url_or_none("matches:need_suggestions", closed_need.pk) not in needs
        assert url_or_none("matches:talent_suggestions", talent.pk) in strengths


def test_the_resident_page_offers_no_adding_without_consent(worker_client, unconsented):
    content = worker_client.get(detail_url(unconsented)).content.decode()
    assert create_url("talent", unconsented) not in content
    assert create_url("need", unconsented) not in content
    assert "has not agreed to storing their data, so nothing about them can be recorded" in content


def test_the_resident_page_says_when_nothing_is_recorded(worker_client, resident):
    content = worker_client.get(detail_url(resident)).content.decode()
    assert "What they can and like to do. Nothing recorded yet." in content
    assert "What they would like help with. Nothing recorded yet." in content


def test_another_residents_talents_are_not_on_the_page(worker_client, resident, neighbourhood):
    neighbour = ResidentFactory(address=AddressFactory(street__neighbourhood=neighbourhood))
    TalentFactory(resident=neighbour, text="Repareert fietsen")
    content = worker_client.get(detail_url(resident)).content.decode()
    assert "Repareert fietsen" not in content
