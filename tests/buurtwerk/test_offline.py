"""Offline use, the server's side (buurtwerk/offline.py): the service worker
and the manifest with the right headers under the CSP, the offline pages,
how a replayed submission is answered, and logging out clearing the phone.
What the phone does is in tests/browser/test_offline.py."""

import json
import uuid

import pytest
from django.urls import reverse

from buurtwerk.models import FormSubmission
from contacts.models import DoorKnock
from tests.contacts.factories import RoundFactory
from tests.neighbourhoods.factories import AddressFactory

pytestmark = pytest.mark.django_db

REPLAY = {"HTTP_X_BUURTWERK_REPLAY": "1"}


def test_the_service_worker_is_served_at_the_root_never_cached_under_the_csp(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    body = response.content.decode()
    # Workbox from this server only, and the app shell with its revisions.
    assert 'importScripts(...["/static/vendor/workbox-7.4.1/workbox-core.prod.js"' in body
    assert "https://" not in body
    shell = json.loads(body.split("const SHELL = ", 1)[1].split(";\n", 1)[0])
    urls = {entry["url"] for entry in shell}
    assert {"/static/js/offline.js", "/offline/", "/offline/wachtrij/"} <= urls
    assert all(len(entry["revision"]) == 12 for entry in shell)


def test_every_workbox_module_the_service_worker_loads_is_vendored(client):
    from django.contrib.staticfiles import finders

    body = client.get("/sw.js").content.decode()
    paths = json.loads(body.split("importScripts(...", 1)[1].split(");", 1)[0])
    assert len(paths) == 5
    for path in paths:
        assert finders.find(path.removeprefix("/static/")), path


def test_the_manifest_names_the_app_in_the_users_language(client):
    response = client.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="nl")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] == "Buurtwerk"
    assert manifest["lang"] == "nl"
    assert manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512", "any"}
    assert manifest["description"].startswith("Gesprekken")


def test_the_pages_link_the_manifest_and_load_the_offline_script_with_the_nonce(client, worker):
    client.force_login(worker)
    html = client.get(reverse("home")).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert '<script src="/static/js/offline.js" nonce="' in html
    assert 'id="app-status"' in html
    assert "<script>" not in html  # no inline script


@pytest.mark.parametrize("name", ["offline_page", "offline_queue"])
def test_the_offline_pages_are_the_same_for_everyone(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert b"Buurtwerk" in response.content


def test_the_token_for_a_replay_says_whether_the_user_is_logged_in(client, worker):
    assert client.get(reverse("offline_token")).json()["authenticated"] is False
    client.force_login(worker)
    data = client.get(reverse("offline_token")).json()
    assert data["authenticated"] is True
    assert len(data["csrf"]) == 64


# --- A replayed submission ---------------------------------------------------


@pytest.fixture
def round_(worker, neighbourhood):
    house = AddressFactory(street__neighbourhood=neighbourhood, house_number=7)
    return RoundFactory(neighbourhood=neighbourhood, worker=worker, addresses=[house])


def knock_url(round_):
    return reverse("contacts:knock_record", args=[round_.pk, round_.addresses.get().pk])


def test_a_replayed_knock_is_answered_stored_in_json_and_stored_once(client, worker, round_):
    client.force_login(worker)
    data = {"outcome": "not_home", "submission_token": str(uuid.uuid4())}
    first = client.post(knock_url(round_), data, **REPLAY)
    again = client.post(knock_url(round_), data, **REPLAY)
    assert first.status_code == again.status_code == 200
    assert first.json() == {"status": "stored", "url": f"/rondes/{round_.pk}/#volgende"}
    assert again.json()["status"] == "stored"
    assert DoorKnock.objects.count() == 1
    # Its confirmation is not left for the next page.
    page = client.get(reverse("contacts:round_detail", args=[round_.pk]))
    assert not list(page.context["messages"])


def test_the_same_knock_without_the_header_is_the_page_a_person_sees(client, worker, round_):
    client.force_login(worker)
    response = client.post(
        knock_url(round_), {"outcome": "not_home", "submission_token": str(uuid.uuid4())}
    )
    assert response.status_code == 302


def test_a_replay_refused_by_the_view_comes_back_with_its_message(client, worker, round_):
    client.force_login(worker)
    response = client.post(
        knock_url(round_), {"outcome": "nonsense", "submission_token": str(uuid.uuid4())}, **REPLAY
    )
    assert response.status_code == 409
    assert response.json()["status"] == "refused"
    assert response.json()["message"]
    assert DoorKnock.objects.count() == 0


def test_a_replayed_form_with_errors_comes_back_as_the_form_with_422(client, worker, round_):
    client.force_login(worker)
    url = reverse("contacts:conversation_at_door", args=[round_.pk, round_.addresses.get().pk])
    response = client.post(url, {"submission_token": str(uuid.uuid4())}, **REPLAY)
    assert response.status_code == 422
    assert response["Content-Type"].startswith("text/html")
    assert b"<form" in response.content


def test_a_replay_after_the_session_ended_asks_to_log_in(client, round_):
    response = client.post(knock_url(round_), {"outcome": "not_home"}, **REPLAY)
    assert response.status_code == 401
    assert response.json() == {"status": "login"}


def test_a_replay_for_a_round_of_another_team_is_refused_not_found(client, other_worker, round_):
    client.force_login(other_worker)
    response = client.post(
        knock_url(round_), {"outcome": "not_home", "submission_token": str(uuid.uuid4())}, **REPLAY
    )
    assert response.status_code == 409
    assert DoorKnock.objects.count() == 0


# --- Drafts and logging out --------------------------------------------------


def test_stored_tokens_are_told_only_for_the_users_own_submissions(client, worker, other_worker):
    mine, theirs, unknown = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    FormSubmission.objects.create(token=mine, user=worker)
    FormSubmission.objects.create(token=theirs, user=other_worker)
    client.force_login(worker)
    response = client.post(
        reverse("offline_stored"),
        json.dumps({"tokens": [str(mine), str(theirs), str(unknown), "not-a-token"]}),
        content_type="application/json",
    )
    assert response.json() == {"stored": [str(mine)]}


def test_stored_tokens_tell_nothing_without_a_login(client, worker):
    token = uuid.uuid4()
    FormSubmission.objects.create(token=token, user=worker)
    response = client.post(
        reverse("offline_stored"),
        json.dumps({"tokens": [str(token)]}),
        content_type="application/json",
    )
    assert response.json() == {"stored": []}


def test_logging_out_tells_the_browser_to_clear_what_this_site_kept(client, worker):
    client.force_login(worker)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_other_posts_do_not_clear_the_phone(client, worker, round_):
    client.force_login(worker)
    response = client.post(
        knock_url(round_), {"outcome": "not_home", "submission_token": str(uuid.uuid4())}
    )
    assert "Clear-Site-Data" not in response
