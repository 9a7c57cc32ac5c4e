"""Finding residents: by (misspelt) name, street, postcode or house number,
only in the user's neighbourhoods, and never with the term in a URL."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from contacts.selectors.search import parse_search
from tests.contacts.factories import ResidentFactory
from tests.neighbourhoods.factories import AddressFactory, StreetFactory

pytestmark = pytest.mark.django_db

URL = reverse("contacts:resident_search")


@pytest.fixture
def street(neighbourhood):
    return StreetFactory(neighbourhood=neighbourhood, name="Poëziestraat")


def resident_at(street, name, house_number=1, postcode="1234 AB", addition=""):
    address = AddressFactory(
        street=street, house_number=house_number, postcode=postcode, addition=addition
    )
    return ResidentFactory(address=address, name=name)


def search(client, term, **extra):
    response = client.post(URL, {"q": term, **extra})
    assert response.status_code == 200
    return response


def found(response):
    return [resident.name for resident in response.context["page"]]


def test_the_search_page_opens_empty(worker_client, resident):
    response = worker_client.get(URL)
    assert response.status_code == 200
    assert response.context["page"] is None
    assert 'method="post"' in response.content.decode()


def test_a_term_in_the_query_string_is_not_searched(worker_client, resident):
    response = worker_client.get(URL, {"q": "Anna"})
    assert response.context["page"] is None
    assert "Anna de Vries" not in response.content.decode()


def test_the_search_sends_an_anonymous_visitor_to_login(client, db):
    for response in [client.get(URL), client.post(URL, {"q": "Anna"})]:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        assert "Anna" not in response["Location"]


def test_a_search_without_the_csrf_token_is_refused(worker):
    client = Client(enforce_csrf_checks=True)
    client.force_login(worker)
    assert client.post(URL, {"q": "Anna"}).status_code == 403


def test_an_empty_term_is_an_error_beside_the_box(worker_client):
    response = worker_client.post(URL, {"q": "  "})
    assert "q" in response.context["form"].errors
    assert response.context["page"] is None


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Jansen", "Piet Janssen"),
        ("Mohamed", "Mohammed el Amrani"),
        ("Celik", "Ayşe Çelik"),
        ("de vris", "Anna de Vries"),
        ("ANNA", "Anna de Vries"),
        ("vries", "Anna de Vries"),
    ],
)
def test_it_finds_misspelt_and_unaccented_names(worker_client, street, typed, stored):
    resident_at(street, stored)
    resident_at(street, "Klaas Bakker", house_number=2)
    names = found(search(worker_client, typed))
    assert names == [stored]


def test_the_best_match_comes_first(worker_client, street):
    resident_at(street, "Piet Jansen", house_number=1)
    resident_at(street, "Marie Janssen", house_number=2)
    assert found(search(worker_client, "Jansen")) == ["Piet Jansen", "Marie Janssen"]


@pytest.mark.parametrize("typed", ["1234 AB", "1234AB", "1234ab", " 1234 ab "])
def test_it_finds_by_postcode_with_or_without_space(worker_client, street, typed):
    resident_at(street, "Anna de Vries", postcode="1234 AB")
    resident_at(street, "Klaas Bakker", postcode="1234 AC", house_number=2)
    assert found(search(worker_client, typed)) == ["Anna de Vries"]


def test_it_finds_by_postcode_and_house_number(worker_client, street):
    resident_at(street, "Anna de Vries", house_number=1, postcode="1234 AB")
    resident_at(street, "Klaas Bakker", house_number=3, postcode="1234 AB")
    assert found(search(worker_client, "1234AB 3")) == ["Klaas Bakker"]


def test_it_finds_by_street_and_house_number(worker_client, street, neighbourhood):
    resident_at(street, "Anna de Vries", house_number=12)
    resident_at(street, "Klaas Bakker", house_number=14)
    other_street = StreetFactory(neighbourhood=neighbourhood, name="Dorpsweg")
    resident_at(other_street, "Joke Smit", house_number=12, postcode="1234 AD")
    # The street without its accent, and a house number.
    assert found(search(worker_client, "poeziestraat 12")) == ["Anna de Vries"]
    assert sorted(found(search(worker_client, "Poëziestraat"))) == [
        "Anna de Vries",
        "Klaas Bakker",
    ]


def test_it_finds_by_house_number_with_addition(worker_client, street):
    resident_at(street, "Anna de Vries", house_number=12, addition="A")
    resident_at(street, "Klaas Bakker", house_number=12, addition="B", postcode="1234 AC")
    assert found(search(worker_client, "Poëziestraat 12a")) == ["Anna de Vries"]


def test_it_finds_nobody_from_other_neighbourhoods(worker_client, resident, other_address):
    ResidentFactory(address=other_address, name="Anna de Vries")
    response = search(worker_client, "Anna de Vries")
    assert [r.pk for r in response.context["page"]] == [resident.pk]
    response = search(worker_client, other_address.postcode)
    assert found(response) == []
    assert "Nobody found" in response.content.decode()


def test_it_shows_name_address_neighbourhood_and_last_seen(worker_client, resident):
    content = search(worker_client, "Anna").content.decode()
    assert "Anna de Vries" in content
    assert resident.address.postcode in content
    assert "Oosterbuurt" in content
    assert "not seen yet" in content
    assert reverse("contacts:resident_detail", args=[resident.pk]) in content


def test_the_term_never_appears_in_a_url(worker_client, street):
    for number in range(30):
        resident_at(street, f"Anna Zoekterm{number}", house_number=number + 1)
    term = "Zoekterm"
    for response in [search(worker_client, term), search(worker_client, term, page=2)]:
        content = response.content.decode()
        assert term in content  # the names, and the term in the box and hidden fields
        urls = re.findall(r'(?:href|action|hx-get|hx-post|hx-push-url)="([^"]*)"', content)
        assert urls
        assert not [url for url in urls if term.lower() in url.lower()]
        assert "hx-push-url" not in content
        assert "Location" not in response


def test_results_come_25_to_a_page_and_paging_is_by_post(worker_client, street):
    for number in range(30):
        resident_at(street, f"Bewoner Bakker{number:02d}", house_number=number + 1)
    first = search(worker_client, "Bakker")
    assert len(found(first)) == 25
    content = first.content.decode()
    assert "Page 1 of 2" in content
    # The next-page button is a POST form carrying the term and the page number.
    next_form = re.search(
        r'<form method="post"[^>]*>((?:(?!</form>).)*name="page" value="2".*?)</form>',
        content,
        re.S,
    )
    assert next_form
    assert 'name="q" value="Bakker"' in next_form.group(1)
    second = search(worker_client, "Bakker", page=2)
    assert len(found(second)) == 5
    assert not set(found(first)) & set(found(second))


def test_an_htmx_search_returns_only_the_results(worker_client, resident):
    response = worker_client.post(URL, {"q": "Anna"}, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert content.lstrip().startswith('<section id="search-results"')
    assert "Anna de Vries" in content
    assert "<html" not in content


def test_the_query_count_does_not_grow_with_the_results(
    worker_client, street, django_assert_num_queries
):
    numbers = iter(range(1, 100))

    def add_residents(count):
        for _ in range(count):
            resident_at(street, "Piet Janssen", house_number=next(numbers))

    def assert_queries(expected_on_page):
        # savepoint (ATOMIC_REQUESTS), session, user, the addresses on
        # streets matching the words, count of the results, a page of
        # residents with address, street and neighbourhood, the access-log
        # row, release
        with django_assert_num_queries(8):
            response = search(worker_client, "Jansen")
        assert len(found(response)) == expected_on_page

    add_residents(3)
    assert_queries(3)
    add_residents(27)
    assert_queries(25)


@pytest.mark.parametrize(
    ("term", "postcode", "house_number", "addition", "text"),
    [
        ("1234 AB 12", "1234 AB", 12, "", ""),
        ("1234ab", "1234 AB", None, "", ""),
        ("Dorpsstraat 12-b", "", 12, "b", "Dorpsstraat"),
        ("de Vries", "", None, "", "de Vries"),
        ("Kerkstraat 3 1234AB", "1234 AB", 3, "", "Kerkstraat"),
    ],
)
def test_the_term_is_split_into_postcode_number_and_words(
    term, postcode, house_number, addition, text
):
    terms = parse_search(term)
    assert (terms.postcode, terms.house_number, terms.addition, terms.text) == (
        postcode,
        house_number,
        addition,
        text,
    )


@pytest.mark.parametrize("listed", [100, 1])
def test_a_street_is_found_whether_its_addresses_are_listed_or_too_many(
    worker_client, street, monkeypatch, listed
):
    from contacts.selectors import search as selectors

    monkeypatch.setattr(selectors, "STREET_ADDRESSES", listed)
    for number in (1, 2, 3):
        resident_at(street, f"Bewoner {number}", house_number=number)
    names = found(search(worker_client, street.name))
    assert sorted(names) == ["Bewoner 1", "Bewoner 2", "Bewoner 3"]
