# SPDX-License-Identifier: EUPL-1.2
"""Poll pages and the read API: list, vote with receipt, results, receipt check,
officers' pages, problem+json answers, bad input never a 500."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

import pytest

from balai.accounts.tests.conftest import login, pass_two_factor
from balai.participation.models import Poll, PollParticipation
from balai.participation.services import polls as services
from balai.participation.tests.poll_factories import (
    citizen,
    make_poll,
    option_ids,
    poll_agency,
)
from balai.registry.tests.factories import register_officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def voter(sample_regions):
    return citizen(actor=register_officer())


def test_list_detail_and_landing_show_published_polls_only(client, sample_regions):
    shown = make_poll(title="Terbuka untuk umum")
    make_poll(title="Masih konsep", status=Poll.Status.DRAFT)
    page = client.get(reverse("participation:poll-list")).content.decode()
    assert "Terbuka untuk umum" in page and "Masih konsep" not in page
    home = client.get(reverse("participation:home")).content.decode()
    assert "Terbuka untuk umum" in home
    assert reverse("participation:poll-receipt-check") in home
    detail = client.get(reverse("participation:poll-detail", args=[shown.pk]))
    assert detail.status_code == 200
    draft = Poll.objects.get(title="Masih konsep")
    assert (
        client.get(reverse("participation:poll-detail", args=[draft.pk])).status_code
        == 404
    )


def test_a_citizen_votes_sees_the_receipt_once_and_checks_it(client, voter):
    poll = make_poll()
    login(client, voter)
    page = client.get(
        reverse("participation:poll-detail", args=[poll.pk])
    ).content.decode()
    assert 'name="options"' in page
    response = client.post(
        reverse("participation:poll-vote", args=[poll.pk]),
        {"options": option_ids(poll)[1]},
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    code = re.search(
        r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", response.content.decode()
    ).group(0)
    # the code is in no session, message or later page
    again = client.get(
        reverse("participation:poll-detail", args=[poll.pk])
    ).content.decode()
    assert code not in again and 'name="options"' not in again
    checked = client.post(reverse("participation:poll-receipt-check"), {"code": code})
    assert (
        "counted" in checked.content.decode() or "dihitung" in checked.content.decode()
    )
    missing = client.post(
        reverse("participation:poll-receipt-check"), {"code": "ZZZZ-ZZZZ-ZZZZ-ZZZZ"}
    )
    assert missing.status_code == 200
    assert 'data-testid="receipt-result"' in missing.content.decode()


def test_htmx_vote_answers_with_the_receipt_fragment(client, voter):
    poll = make_poll()
    login(client, voter)
    response = client.post(
        reverse("participation:poll-vote", args=[poll.pk]),
        {"options": option_ids(poll)[0]},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="receipt-code"' in body and "<html" not in body


def test_a_second_vote_and_bad_input_are_refused_on_the_page(client, voter):
    poll = make_poll()
    login(client, voter)
    url = reverse("participation:poll-vote", args=[poll.pk])
    bad = client.post(url, {"options": "bukan-pilihan"}, follow=True)
    assert bad.redirect_chain[-1][1] == 302
    assert "alert" in bad.content.decode()
    assert client.post(url, {}).status_code == 302
    assert client.post(url, {"options": option_ids(poll)[0]}).status_code == 200
    again = client.post(url, {"options": option_ids(poll)[0]}, follow=True)
    assert (
        "already voted" in again.content.decode() or "sudah" in again.content.decode()
    )
    htmx = client.post(url, {"options": option_ids(poll)[0]}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 200 and 'role="alert"' in htmx.content.decode()
    assert PollParticipation.objects.count() == 1


def test_ranked_vote_through_the_page(client, voter):
    poll = make_poll(kind=Poll.Kind.RANKED, options=("A", "B", "C"))
    a, b, c = option_ids(poll)
    login(client, voter)
    url = reverse("participation:poll-vote", args=[poll.pk])
    same = client.post(url, {f"rank_{a}": "1", f"rank_{b}": "1", f"rank_{c}": "x"})
    assert same.status_code == 302
    assert not PollParticipation.objects.exists()
    ok = client.post(url, {f"rank_{a}": "2", f"rank_{b}": "1", f"rank_{c}": "3"})
    assert ok.status_code == 200


def test_anonymous_voters_are_sent_to_sign_in(client, sample_regions):
    poll = make_poll()
    response = client.post(
        reverse("participation:poll-vote", args=[poll.pk]),
        {"options": option_ids(poll)[0]},
    )
    assert (
        response.status_code == 302
        and reverse("accounts:login") in response["Location"]
    )


def test_results_page_before_and_after_closing(client, voter, settings):
    settings.STATS_MIN_CELL = 10
    poll = make_poll()
    services.poll_vote(voter=voter, poll=poll, option_ids=[option_ids(poll)[0]])
    url = reverse("participation:poll-results", args=[poll.pk])
    hidden = client.get(url).content.decode()
    # the option's label as a word: a CSRF token on the page may contain "Ya"
    assert not re.search(r"\bYa\b", hidden.split("<h1")[1])
    poll.status = Poll.Status.CLOSED
    poll.save()
    shown = client.get(url).content.decode()
    assert "&lt; 10" in shown  # one vote in the district: suppressed


def test_officer_pages_create_open_and_close(client, sample_regions):
    from balai.accounts.tests.factories import StaffFactory

    officer = StaffFactory(agency=poll_agency())
    login(client, officer)
    pass_two_factor(client, officer)
    browser = client
    now = timezone.localtime()
    form = {
        "title": "Pilih nama taman",
        "description": "",
        "kind": "single",
        "max_choices": "1",
        "options": "Taman Merdeka\nTaman Sukasari",
        "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        "breakdown": "3",
        "region_code": "32.73",
    }
    url = reverse("participation:poll-manage")
    bad = browser.post(url, {**form, "options": "Satu saja"})
    assert bad.status_code == 400
    assert browser.post(url, {**form, "region_code": "00.00"}).status_code == 400
    assert browser.post(url, {**form, "opens_at": "kemarin"}).status_code == 400
    response = browser.post(url, form)
    assert response.status_code == 302
    poll = Poll.objects.get(title="Pilih nama taman")
    assert (
        browser.post(reverse("participation:poll-open", args=[poll.pk])).status_code
        == 302
    )
    poll.refresh_from_db()
    assert poll.status == Poll.Status.OPEN
    assert (
        browser.post(reverse("participation:poll-close", args=[poll.pk])).status_code
        == 302
    )
    poll.refresh_from_db()
    assert poll.status == Poll.Status.CLOSED
    # closing twice is a message, not an error page
    again = browser.post(reverse("participation:poll-close", args=[poll.pk]))
    assert again.status_code == 302


def test_citizens_cannot_reach_officer_pages(client, voter):
    login(client, voter)
    assert client.get(reverse("participation:poll-manage")).status_code == 403
    poll = make_poll(status=Poll.Status.DRAFT)
    assert (
        client.post(reverse("participation:poll-open", args=[poll.pk])).status_code
        == 404
    )


# --- API -----------------------------------------------------------------------------


def test_api_lists_polls_and_results(client, voter, settings):
    settings.STATS_MIN_CELL = 10
    poll = make_poll(title="API poll")
    make_poll(title="Konsep", status=Poll.Status.DRAFT)
    listing = client.get("/api/v1/participation/polls/").json()
    assert [p["title"] for p in listing["results"]] == ["API poll"]
    detail = client.get(f"/api/v1/participation/polls/{poll.pk}/").json()
    assert [o["label"] for o in detail["options"]] == ["Ya", "Tidak", "Ragu"]
    early = client.get(f"/api/v1/participation/polls/{poll.pk}/results/")
    assert early.status_code == 409
    assert early["Content-Type"].startswith("application/problem+json")
    services.poll_vote(voter=voter, poll=poll, option_ids=[option_ids(poll)[0]])
    poll.status = Poll.Status.CLOSED
    poll.save()
    results = client.get(f"/api/v1/participation/polls/{poll.pk}/results/").json()
    assert results["ballots"] == 1
    assert results["options"][0]["votes"] == 1
    [region] = results["regions"]
    assert region["cells"][0] == {
        "option_id": option_ids(poll)[0],
        "votes": None,
        "suppressed": True,
    }


def test_api_bad_input_is_problem_json(client, sample_regions):
    assert client.get("/api/v1/participation/polls/?status=nope").status_code == 400
    assert client.get("/api/v1/participation/polls/?limit=x").status_code == 400
    missing = client.get(
        "/api/v1/participation/polls/00000000-0000-0000-0000-000000000000/"
    )
    assert missing.status_code == 404
    assert missing["Content-Type"].startswith("application/problem+json")
