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
    """My day: the home page of a worker; a team lead's or admin's home is
    their overview (reports), their own day is at reports:my_day."""
    client.force_login(user)
    response = client.get(reverse("reports:my_day" if user.has_lead_rights else "home"))
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


def test_it_shows_the_first_follow_ups_oldest_due_first_and_links_to_the_rest(
    client, worker, neighbourhood
):
    from contacts.selectors.day import FOLLOW_UP_LIMIT

    shown = FOLLOW_UP_LIMIT
    follow_ups = [
        FollowUpFactory(
            neighbourhood=neighbourhood,
            assigned_to=worker,
            description=f"Opvolgen nummer {n:02d}",
            due_on=days(n - shown),  # the first ones overdue
        )
        for n in range(shown + 1)
    ]
    content = section(get_day(client, worker), "follow-ups-heading")
    assert [f.description in content for f in follow_ups] == [True] * shown + [False]
    assert "More follow-ups" in content
    follow_ups[0].delete()
    content = section(get_day(client, worker), "follow-ups-heading")
    assert all(f.description in content for f in follow_ups[1:])
    assert "More follow-ups" not in content


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
    # their neighbourhoods, their leads, the decisions on my proposals since
    # I last looked (reports), release savepoint
    with django_assert_num_queries(16):
        assert client.get(reverse("home")).status_code == 200
    for _ in range(5):
        add_rows()
    with django_assert_num_queries(16):
        response = client.get(reverse("home"))
    assert len(response.context["overdue"]) == 6
    assert len(response.context["rounds"]) == 6


def test_my_recent_conversations_come_from_the_worker_links_time_which_follows_the_conversation(
    worker, colleague, neighbourhood
):
    from contacts.models import ConversationWorker
    from contacts.selectors.day import recent_conversations

    now = timezone.now()
    old = ConversationFactory(
        neighbourhood=neighbourhood,
        workers=[worker],
        happened_at=now - datetime.timedelta(days=400),
    )
    newer = ConversationFactory(
        neighbourhood=neighbourhood,
        workers=[worker, colleague],
        happened_at=now - datetime.timedelta(days=2),
    )
    for _ in range(3):  # many more conversations of someone else
        ConversationFactory(neighbourhood=neighbourhood, workers=[colleague])
    links = ConversationWorker.objects.filter(conversation__in=[old, newer])
    assert {(link.conversation_id, link.happened_at) for link in links} == {
        (old.pk, old.happened_at),
        (newer.pk, newer.happened_at),
    }  # set by the database on insert, whatever the ORM sent

    assert [c.pk for c in recent_conversations(user=worker)] == [newer.pk, old.pk]
    old.happened_at = now - datetime.timedelta(hours=1)  # corrected: it was this morning
    old.save(update_fields=["happened_at"])
    assert set(
        ConversationWorker.objects.filter(conversation=old).values_list("happened_at", flat=True)
    ) == {old.happened_at}
    assert [c.pk for c in recent_conversations(user=worker)] == [old.pk, newer.pk]
    assert [c.pk for c in recent_conversations(user=worker, limit=1)] == [old.pk]


# Every list on My day is bounded and links to its whole list -------------------


def test_it_shows_ten_of_todays_rounds_and_links_to_the_round_list(client, worker, neighbourhood):
    rounds = [RoundFactory(neighbourhood=neighbourhood, worker=worker) for _ in range(11)]
    content = section(get_day(client, worker), "rounds-heading")
    shown = [r for r in rounds if reverse("contacts:round_detail", args=[r.pk]) in content]
    assert shown == rounds[:10]
    assert f'href="{reverse("contacts:round_list")}">More rounds</a>' in content
    rounds[-1].delete()
    content = section(get_day(client, worker), "rounds-heading")
    assert "More rounds" not in content
    assert f'href="{reverse("contacts:round_list")}">All rounds</a>' in content


def test_it_links_to_all_my_conversations_and_all_not_seen(client, worker, neighbourhood):
    resident = ResidentFactory(address__street__neighbourhood=neighbourhood, last_seen_at=None)
    ConversationFactory(neighbourhood=neighbourhood, residents=[resident], workers=[worker])
    for n in range(12):
        ResidentFactory(address__street__neighbourhood=neighbourhood, name=f"Bewoner {n:02d}")
    content = get_day(client, worker)
    assert f'href="{reverse("contacts:my_conversations")}">All my conversations</a>' in content
    not_seen = section(content, "not-seen-heading")
    assert f'href="{reverse("contacts:not_seen")}">Show all</a>' in not_seen
    assert re.search(rf'href="{reverse("contacts:not_seen")}">\s*and 3 more', not_seen)


def test_it_shows_ten_neighbourhoods_and_links_to_coverage(client, admin_user):
    for _ in range(11):
        AddressFactory()  # each in a neighbourhood of its own
    content = get_day(client, admin_user)
    neighbourhoods = section(content, "neighbourhoods-heading")
    assert neighbourhoods.count('<li class="list-group-item') == 10
    assert f'href="{reverse("contacts:coverage")}">All neighbourhoods</a>' in neighbourhoods


# My conversations ----------------------------------------------------------------


def conversations_page(client, **params):
    response = client.get(reverse("contacts:my_conversations"), params)
    assert response.status_code == 200
    return response


def older_link(content):
    match = re.search(r'href="[^"]*\?ouder=([^"]+)">Older conversations</a>', content)
    return match.group(1) if match else None


def test_my_conversations_requires_login(client):
    response = client.get(reverse("contacts:my_conversations"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_my_conversations_rejects_post(client, worker):
    client.force_login(worker)
    assert client.post(reverse("contacts:my_conversations")).status_code == 405


def test_my_conversations_pages_back_through_all_of_them(
    client, worker, colleague, neighbourhood, resident
):
    """25 a page, newest first; conversations at the same moment are
    neither lost nor shown twice between pages."""
    same_time = timezone.now() - datetime.timedelta(days=3)
    mine = [
        ConversationFactory(
            neighbourhood=neighbourhood,
            residents=[resident],
            workers=[worker],
            happened_at=same_time if n < 10 else same_time - datetime.timedelta(hours=n),
        )
        for n in range(60)
    ]
    not_mine = ConversationFactory(neighbourhood=neighbourhood, workers=[colleague])

    client.force_login(worker)
    seen, cursor, pages = [], None, []
    while True:
        response = conversations_page(client, **({"ouder": cursor} if cursor else {}))
        seen += [c.pk for c in response.context["conversations"]]
        pages.append(len(response.context["conversations"]))
        cursor = older_link(response.content.decode())
        if cursor is None:
            break
    assert pages == [25, 25, 10]
    assert len(seen) == len(set(seen)) == 60
    assert set(seen) == {c.pk for c in mine}
    assert not_mine.pk not in seen
    assert "Anna de Vries" in response.content.decode()
    assert "Back to the newest entries" in response.content.decode()


def test_my_conversations_with_a_malformed_cursor_starts_at_the_newest(
    client, worker, neighbourhood
):
    ConversationFactory(neighbourhood=neighbourhood, workers=[worker])
    client.force_login(worker)
    for cursor in ("x", "12", "12.nope", "9" * 40 + ".00000000-0000-4000-8000-000000000000"):
        response = conversations_page(client, ouder=cursor)
        assert len(response.context["conversations"]) == 1
        assert response.context["is_older_page"] is False


def test_my_conversations_shows_another_teams_worker_nothing_of_mine(
    client, worker, other_worker, neighbourhood, resident
):
    ConversationFactory(neighbourhood=neighbourhood, residents=[resident], workers=[worker])
    client.force_login(other_worker)
    response = conversations_page(client)
    assert list(response.context["conversations"]) == []
    assert "Anna de Vries" not in response.content.decode()


def test_my_conversations_query_count_does_not_grow_with_rows(
    client, worker, neighbourhood, django_assert_num_queries
):
    def add(count):
        for _ in range(count):
            resident = ResidentFactory(address__street__neighbourhood=neighbourhood)
            ConversationFactory(
                neighbourhood=neighbourhood, residents=[resident], workers=[worker]
            )

    client.force_login(worker)
    add(2)
    # savepoint (ATOMIC_REQUESTS), session, user, my conversations (at most
    # 26), their residents, the access-log row, release savepoint
    with django_assert_num_queries(7):
        conversations_page(client)
    add(40)
    with django_assert_num_queries(7):
        response = conversations_page(client)
    assert len(response.context["conversations"]) == 25


# Not seen ------------------------------------------------------------------------


def not_seen_page(client, **params):
    response = client.get(reverse("contacts:not_seen"), params)
    assert response.status_code == 200
    return response


def test_not_seen_requires_login(client):
    response = client.get(reverse("contacts:not_seen"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_not_seen_rejects_post(client, worker):
    client.force_login(worker)
    assert client.post(reverse("contacts:not_seen")).status_code == 405


def test_not_seen_lists_everyone_in_my_days_order_a_page_at_a_time(
    client, worker, neighbourhood, other_resident
):
    residents = [
        ResidentFactory(
            address__street__neighbourhood=neighbourhood,
            name=f"Bewoner {n:02d}",
            last_seen_at=None if n < 5 else weeks_ago(100 - n),
        )
        for n in range(30)
    ]
    other_resident.last_seen_at = None
    other_resident.save()
    client.force_login(worker)

    first = not_seen_page(client)
    second = not_seen_page(client, page=2)
    names = [r.name for r in first.context["residents"]] + [
        r.name for r in second.context["residents"]
    ]
    assert names == [r.name for r in residents]
    assert "30 residents in your neighbourhoods" in first.content.decode()
    assert "Page 1 of 2" in first.content.decode()
    assert "Bram Westerman" not in first.content.decode() + second.content.decode()
    # Beyond the last page, or no number: the last or the first page.
    assert not_seen_page(client, page=9).context["page"].number == 2
    assert [r.name for r in not_seen_page(client, page=9).context["residents"]] == names[25:]
    assert not_seen_page(client, page="x").context["page"].number == 1


def test_not_seen_shows_another_teams_worker_nobody_of_mine(client, other_worker, resident):
    client.force_login(other_worker)
    response = not_seen_page(client)
    assert response.context["count"] == 0
    assert "Anna de Vries" not in response.content.decode()


def test_not_seen_query_count_does_not_grow_with_rows(
    client, worker, neighbourhood, django_assert_num_queries
):
    client.force_login(worker)
    ResidentFactory.create_batch(2, address__street__neighbourhood=neighbourhood)
    # savepoint (ATOMIC_REQUESTS), session, user, the page's residents with
    # their addresses, how many are not seen, the access-log row, the streets
    # of the filter, release savepoint
    with django_assert_num_queries(8):
        not_seen_page(client)
    ResidentFactory.create_batch(40, address__street__neighbourhood=neighbourhood)
    with django_assert_num_queries(8):
        response = not_seen_page(client, page=2)
    assert len(response.context["residents"]) == 17
