"""My day, the worker's home page (contacts.views.day, contacts.selectors.day)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.contacts.factories import (
    ConversationFactory,
    DoorKnockFactory,
    FollowUpFactory,
    ResidentFactory,
    RoundFactory,
)
from tests.neighbourhoods.factories import AddressFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def weeks_ago(n):
    return timezone.now() - datetime.timedelta(weeks=n)


def section(content, heading_id):
    """The HTML of the <section> labelled by ``heading_id``."""
    match = re.search(
        rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', content, re.DOTALL
    )
    assert match, f"no section {heading_id}"
    return match.group(0)


def get_day(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_it_requires_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_it_is_the_root_url():
    assert reverse("home") == "/"


def test_it_offers_the_quick_actions(client, worker):
    content = get_day(client, worker)
    assert reverse("contacts:conversation_create") in content
    assert reverse("contacts:round_create") in content
    assert reverse("contacts:resident_search") in content


def test_it_lists_my_follow_ups_overdue_today_and_this_week(
    client, worker, colleague, neighbourhood
):
    def follow_up(description, due_on, **kwargs):
        return FollowUpFactory(
            neighbourhood=neighbourhood,
            description=description,
            due_on=due_on,
            assigned_to=kwargs.pop("assigned_to", worker),
            **kwargs,
        )

    follow_up("Te laat", days(-3))
    follow_up("Vandaag bellen", days(0))
    follow_up("Over een week", days(7))
    follow_up("Volgende maand", days(30))
    follow_up("Van Karim", days(0), assigned_to=colleague)
    follow_up("Al gedaan", days(-1), done_at=timezone.now(), done_by=worker)

    content = section(get_day(client, worker), "follow-ups-heading")

    assert content.index("Te laat") < content.index("Vandaag bellen")
    assert content.index("Vandaag bellen") < content.index("Over een week")
    assert "Volgende maand" not in content
    assert "Van Karim" not in content
    assert "Al gedaan" not in content


def test_an_overdue_follow_up_stands_out(client, worker, neighbourhood):
    overdue = FollowUpFactory(
        neighbourhood=neighbourhood, assigned_to=worker, description="Te laat", due_on=days(-3)
    )
    FollowUpFactory(
        neighbourhood=neighbourhood, assigned_to=worker, description="Op tijd", due_on=days(2)
    )
    content = get_day(client, worker)

    row = re.search(rf'<li[^>]*id="followup-{overdue.pk}".*?</li>', content, re.DOTALL).group(0)
    assert "list-group-item-danger" in row
    assert "Overdue since" in row
    assert "(3\xa0days)" in row
    overdue_heading = re.search(r'id="overdue-heading">(.*?)</h3>', content, re.DOTALL).group(1)
    assert "Overdue" in overdue_heading
    assert ">1</span>" in overdue_heading
    on_time = content[content.index("Op tijd") - 600 : content.index("Op tijd")]
    assert "list-group-item-danger" not in on_time.rsplit("<li", 1)[-1]


def test_each_follow_up_has_a_one_tap_done_button(client, worker, neighbourhood):
    follow_up = FollowUpFactory(neighbourhood=neighbourhood, assigned_to=worker)
    content = get_day(client, worker)
    assert f'action="{reverse("contacts:followup_toggle", args=[follow_up.pk])}"' in content
    assert 'name="done" value="1"' in content
    assert 'name="next" value="/"' in content


def test_it_shows_todays_rounds_of_mine_with_how_far_they_got(
    client, worker, colleague, neighbourhood
):
    addresses = AddressFactory.create_batch(3, street__neighbourhood=neighbourhood)
    mine = RoundFactory(neighbourhood=neighbourhood, worker=worker, addresses=addresses)
    as_second = RoundFactory(
        neighbourhood=neighbourhood,
        worker=colleague,
        second_worker=worker,
        addresses=addresses[:2],
    )
    RoundFactory(neighbourhood=neighbourhood, worker=colleague, note="Alleen Karim")
    RoundFactory(neighbourhood=neighbourhood, worker=worker, planned_for=days(1), note="Morgen")
    # Two knocks at one address count once.
    DoorKnockFactory(address=addresses[0], round=mine, worker=worker)
    DoorKnockFactory(address=addresses[0], round=mine, worker=worker)
    DoorKnockFactory(address=addresses[1], round=mine, worker=worker)

    content = section(get_day(client, worker), "rounds-heading")

    assert reverse("contacts:round_detail", args=[mine.pk]) in content
    assert reverse("contacts:round_detail", args=[as_second.pk]) in content
    assert "2 of 3 addresses knocked" in content
    assert "0 of 2 addresses knocked" in content
    assert "Alleen Karim" not in content
    assert "Morgen" not in content


def test_it_shows_my_last_ten_conversations_with_the_residents_names(
    client, worker, colleague, neighbourhood, resident
):
    other = ResidentFactory(address__street__neighbourhood=neighbourhood, name="Cor Oudeman")
    now = timezone.now()
    old = ConversationFactory(
        neighbourhood=neighbourhood,
        residents=[other],
        workers=[worker],
        happened_at=now - datetime.timedelta(days=30),
    )
    recent = [
        ConversationFactory(
            neighbourhood=neighbourhood,
            residents=[resident],
            workers=[worker, colleague],
            happened_at=now - datetime.timedelta(days=n),
        )
        for n in range(10)
    ]
    not_mine = ConversationFactory(neighbourhood=neighbourhood, workers=[colleague])

    content = section(get_day(client, worker), "conversations-heading")

    for conversation in recent:
        assert reverse("contacts:conversation_detail", args=[conversation.pk]) in content
    assert reverse("contacts:conversation_detail", args=[old.pk]) not in content
    assert reverse("contacts:conversation_detail", args=[not_mine.pk]) not in content
    assert "Anna de Vries" in content
    assert "Cor Oudeman" not in content


def test_it_lists_residents_not_seen_for_the_configured_weeks(
    client, settings, worker, neighbourhood, other_resident
):
    def resident(name, last_seen_at):
        return ResidentFactory(
            address__street__neighbourhood=neighbourhood, name=name, last_seen_at=last_seen_at
        )

    resident("Nooit Gezien", None)
    resident("Lang Geleden", weeks_ago(20))
    resident("Vijf Weken", weeks_ago(5))
    resident("Vorige Week", weeks_ago(1))
    ResidentFactory(
        address__street__neighbourhood=neighbourhood, name="Verhuisd Persoon", status="moved"
    )
    other_resident.last_seen_at = None
    other_resident.save()

    settings.NOT_SEEN_WEEKS = 4
    content = section(get_day(client, worker), "not-seen-heading")
    assert "Not seen for more than 4 weeks" in content
    assert "3 residents in your neighbourhoods" in content
    # Never seen first, then the longest unseen.
    assert content.index("Nooit Gezien") < content.index("Lang Geleden")
    assert content.index("Lang Geleden") < content.index("Vijf Weken")
    assert "Vorige Week" not in content
    assert "Verhuisd Persoon" not in content
    assert "Bram Westerman" not in content  # another team's neighbourhood

    settings.NOT_SEEN_WEEKS = 8
    content = section(get_day(client, worker), "not-seen-heading")
    assert "Not seen for more than 8 weeks" in content
    assert "Vijf Weken" not in content
    assert "2 residents in your neighbourhoods" in content


def test_it_shows_ten_not_seen_residents_and_how_many_more(client, worker, neighbourhood):
    for n in range(13):
        ResidentFactory(
            address__street__neighbourhood=neighbourhood,
            name=f"Bewoner {n:02d}",
            last_seen_at=weeks_ago(50 - n),
        )
    content = section(get_day(client, worker), "not-seen-heading")
    assert "13 residents" in content
    assert "Bewoner 09" in content
    assert "Bewoner 10" not in content
    assert "and 3 more" in content


def test_an_admin_without_teams_sees_a_sensible_page(
    client, admin_user, neighbourhood, other_neighbourhood, resident
):
    content = get_day(client, admin_user)
    assert "No round today." in content
    assert "No conversations yet." in content
    assert "You are not in a team yet." in content
    # An admin sees every neighbourhood, so every resident not seen.
    assert "Anna de Vries" in content
    assert "Oosterbuurt" in content
    assert "Westerbuurt" in content


def test_another_teams_work_is_not_on_my_day(
    client, other_worker, worker, neighbourhood, resident
):
    FollowUpFactory(neighbourhood=neighbourhood, assigned_to=worker, description="Geheim")
    content = get_day(client, other_worker)
    assert "Geheim" not in content
    assert "Anna de Vries" not in content


def test_its_query_count_does_not_grow_with_rows(
    client, worker, colleague, neighbourhood, django_assert_num_queries
):
    def add_rows():
        address = AddressFactory(street__neighbourhood=neighbourhood)
        resident = ResidentFactory(address=address, last_seen_at=None)
        for due in (-2, 0, 3):
            FollowUpFactory(
                neighbourhood=neighbourhood,
                assigned_to=worker,
                due_on=days(due),
                resident=resident,
            )
        round_ = RoundFactory(neighbourhood=neighbourhood, worker=worker, addresses=[address])
        DoorKnockFactory(address=address, round=round_, worker=worker)
        ConversationFactory(
            neighbourhood=neighbourhood, residents=[resident], workers=[worker, colleague]
        )

    client.force_login(worker)
    add_rows()
    # savepoint (ATOMIC_REQUESTS), session, user, my follow-ups, today's
    # rounds with their counts, my recent conversations, their residents,
    # the first residents not seen with their addresses, how many are not
    # seen, the access-log row, neighbourhoods with address counts, teams,
    # their neighbourhoods, their leads, release savepoint
    with django_assert_num_queries(15):
        assert client.get(reverse("home")).status_code == 200
    for _ in range(5):
        add_rows()
    with django_assert_num_queries(15):
        response = client.get(reverse("home"))
    assert len(response.context["overdue"]) == 6
    assert len(response.context["rounds"]) == 6
