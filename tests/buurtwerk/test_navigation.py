import re

from django.urls import reverse


def current_links(content):
    return re.findall(r'class="nav-link active"\s+aria-current="page"\s+href="([^"]+)"', content)


def test_the_menu_marks_the_section_of_the_page(client, worker, resident):
    client.force_login(worker)
    response = client.get(reverse("contacts:resident_detail", args=[resident.pk]))
    assert current_links(response.content.decode()) == [reverse("contacts:resident_search")]
    response = client.get(reverse("home"))
    assert current_links(response.content.decode()) == [reverse("home")]


def test_the_menu_links_every_section(client, worker):
    client.force_login(worker)
    content = client.get(reverse("home")).content.decode()
    for name in ["contacts:round_list", "contacts:followup_list", "contacts:coverage"]:
        assert f'href="{reverse(name)}"' in content


def test_a_visitor_who_is_not_logged_in_gets_no_menu(client, db):
    content = client.get(reverse("account_login")).content.decode()
    assert "nav-link" not in content
