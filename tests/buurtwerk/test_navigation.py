import re

from django.urls import reverse


def current_links(content):
    return re.findall(r'class="app-nav-link"\s+aria-current="page"\s+href="([^"]+)"', content)


def test_the_menu_marks_the_section_of_the_page(client, worker, resident):
    client.force_login(worker)
    # Twice: in the phone's menu panel and in the wide screen's header.
    response = client.get(reverse("contacts:resident_detail", args=[resident.pk]))
    assert current_links(response.content.decode()) == [reverse("contacts:resident_search")] * 2
    response = client.get(reverse("home"))
    assert current_links(response.content.decode()) == [reverse("home")] * 2


def test_the_menu_links_every_section(client, worker):
    client.force_login(worker)
    content = client.get(reverse("home")).content.decode()
    for name in ["contacts:round_list", "contacts:followup_list", "contacts:coverage"]:
        assert f'href="{reverse(name)}"' in content


def test_a_visitor_who_is_not_logged_in_gets_no_menu(client, db):
    content = client.get(reverse("account_login")).content.decode()
    assert "app-nav-link" not in content


def test_the_menu_has_a_matches_section_for_every_match_page(client, lead, resident):
    from tests.contacts.factories import NeedFactory
    from tests.matches.factories import MatchFactory

    match = MatchFactory(need=NeedFactory(resident=resident))
    client.force_login(lead)
    for url in (
        reverse("matches:match_list"),
        reverse("matches:review_queue"),
        reverse("matches:match_detail", args=[match.pk]),
        reverse("matches:need_suggestions", args=[match.need_id]),
    ):
        menu = client.get(url).content.decode().split("</nav>")[0]
        assert current_links(menu) == [reverse("matches:match_list")], url


def test_the_header_has_the_status_slot_and_a_menu_that_needs_no_script(client, worker):
    client.force_login(worker)
    content = client.get(reverse("home")).content.decode()
    header = content[content.index("<header") : content.index("</header>")]
    # The offline status (templates/offline/status.html) sits in the header.
    assert '<div id="app-status"\n     class="app-status"\n     aria-live="polite"' in header
    menu = header[header.index('<details class="app-menu">') :]
    assert "<summary" in menu
    assert f'href="{reverse("contacts:coverage")}"' in menu.split("</details>")[0]
