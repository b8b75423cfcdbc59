# SPDX-License-Identifier: EUPL-1.2
"""The Musrenbang pages and API: submit, follow, support, review per level, vote."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

import pytest

from balai.accounts.constants import Role
from balai.accounts.tests.conftest import login, pass_two_factor
from balai.accounts.tests.factories import StaffFactory
from balai.participation.models.budgeting import Proposal, ProposalStatus
from balai.participation.services import budgeting as services
from balai.participation.tests.budgeting_fixtures import *  # noqa: F403 (fixtures)
from balai.participation.tests.budgeting_fixtures import (
    DAGO,
    VILLAGE,
    submit,
    verified_citizen,
)

pytestmark = pytest.mark.django_db


def _form(**overrides: Any) -> dict[str, Any]:
    data = {
        "kind": "citizen",
        "title": "Lampu jalan gang Sukaluyu",
        "problem": "Gang gelap di malam hari.",
        "sector": "infrastructure",
        "region_code": VILLAGE,
        "estimated_cost": "90.000.000",
        "address": "Gang Sukaluyu",
        "lat": str(DAGO[0]),
        "lon": str(DAGO[1]),
    }
    data.update(overrides)
    return data


def test_a_citizen_submits_and_follows_a_proposal(
    client: Client, citizen: Any, musrenbang: Any
) -> None:
    new = reverse("participation:musrenbang-new")
    assert client.get(new).status_code == 302  # sign in first
    login(client, citizen)
    page = client.get(new)
    assert page.status_code == 200
    assert VILLAGE.encode() in page.content  # the villages of the round's city
    response = client.post(new, _form())
    assert response.status_code == 302, response.content[:2000]
    proposal = Proposal.objects.get()
    assert proposal.estimated_cost == 90_000_000
    detail = client.get(response["Location"])
    assert proposal.public_id.encode() in detail.content
    assert "Under review at the village" in detail.content.decode() or (
        "desa" in detail.content.decode()
    )
    mine = client.get(reverse("participation:musrenbang-mine"))
    assert proposal.public_id.encode() in mine.content
    listing = client.get(reverse("participation:musrenbang"))
    assert proposal.title.encode() in listing.content
    assert b'id="reports-map"' in listing.content
    assert client.get(reverse("participation:home")).status_code == 200


def test_bad_input_on_the_form_shows_errors_not_a_server_error(
    client: Client, citizen: Any, musrenbang: Any
) -> None:
    login(client, citizen)
    new = reverse("participation:musrenbang-new")
    for bad in (
        _form(estimated_cost="banyak"),
        _form(region_code="99.99.99.9999"),
        _form(lat="91", lon="200"),
        _form(title=""),
        _form(kind="group", group_name=""),
    ):
        response = client.post(new, bad)
        assert response.status_code == 400
    assert not Proposal.objects.exists()


def test_a_similar_proposal_nearby_is_shown_before_filing_another(
    client: Client, citizen: Any, musrenbang: Any
) -> None:
    existing = submit(citizen, musrenbang, title="Lampu jalan gang Sukaluyu")
    other = verified_citizen()
    login(client, other)
    new = reverse("participation:musrenbang-new")
    response = client.post(new, _form())
    assert response.status_code == 200
    assert existing.public_id.encode() in response.content
    assert Proposal.objects.count() == 1
    response = client.post(new, _form(confirm_new="on"))
    assert response.status_code == 302
    assert Proposal.objects.count() == 2
    # or support the existing one instead
    support = reverse("participation:musrenbang-support", args=[existing.public_id])
    client.post(support)
    client.post(support)
    existing.refresh_from_db()
    assert existing.support_count == 1


def test_officers_decide_from_their_queue(
    client: Client, citizen: Any, musrenbang: Any, offices: dict[str, Any]
) -> None:
    proposal = submit(citizen, musrenbang)
    officer = StaffFactory(agency=offices["desa"], roles=[Role.OFFICER])
    queue = reverse("participation:musrenbang-review")
    login(client, officer)
    assert "/2fa/" in client.get(queue)["Location"]  # no second factor yet
    pass_two_factor(client, officer)
    page = client.get(queue)
    assert page.status_code == 200 and proposal.public_id.encode() in page.content
    decide = reverse("participation:musrenbang-decide", args=[proposal.public_id])
    prefix = proposal.public_id
    # a rejection without a reason is refused with a message
    client.post(decide, {f"{prefix}-decision": "reject", f"{prefix}-reason": ""})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.AT_DESA
    client.post(decide, {f"{prefix}-decision": "nonsense"})
    client.post(decide, {f"{prefix}-decision": "forward"})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.AT_KECAMATAN
    # the next level is not this office's
    response = client.post(decide, {f"{prefix}-decision": "forward"})
    assert response.status_code == 403


def test_citizens_cannot_open_the_review_queue(client: Client, citizen: Any) -> None:
    login(client, citizen)
    assert client.get(reverse("participation:musrenbang-review")).status_code == 403


def test_the_round_page_takes_a_ballot_and_refuses_one_over_the_ceiling(
    client: Client, citizen: Any, musrenbang: Any, officers: dict[str, Any]
) -> None:
    cheap = submit(citizen, musrenbang, title="Murah", estimated_cost=100)
    dear = submit(citizen, musrenbang, title="Mahal", estimated_cost=900)
    budget_round = services.budget_round_create(
        actor=officers["kabupaten"],
        musrenbang=musrenbang,
        title="PB Coblong",
        region_code="32.73.02",
        ceiling=950,
        max_projects=2,
        projects=[cheap, dear],
    )
    url = reverse("participation:budget-round", args=[budget_round.pk])
    assert client.get(url).status_code == 404  # drafts are not public
    services.budget_round_move(
        budget_round=budget_round, actor=officers["kabupaten"], action="open"
    )
    assert client.get(url).status_code == 200
    assert (
        client.get(reverse("participation:budget-round", args=["x"])).status_code == 404
    )
    login(client, citizen)
    response = client.post(url, {"projects": [str(cheap.pk), str(dear.pk)]})
    assert response.status_code == 400
    assert (
        "ceiling" in response.content.decode() or "plafon" in response.content.decode()
    )
    response = client.post(url, {"projects": [str(dear.pk)]})
    assert response.status_code == 302
    assert b'data-testid="voted"' in client.get(url).content
    assert client.post(url, {"projects": [str(cheap.pk)]}).status_code == 400


def test_the_api_lists_proposals_and_rounds_without_proposers(
    client: Client, citizen: Any, musrenbang: Any
) -> None:
    proposal = submit(citizen, musrenbang)
    listing = client.get("/api/v1/participation/musrenbang/proposals/")
    assert listing.status_code == 200
    body = listing.json()
    assert body["count"] == 1 and body["results"][0]["public_id"] == proposal.public_id
    assert "proposer" not in body["results"][0]
    detail = client.get(
        f"/api/v1/participation/musrenbang/proposals/{proposal.public_id}/"
    )
    assert detail.status_code == 200
    assert detail.json()["decisions"][0]["status_to"] == "at_desa"
    missing = client.get("/api/v1/participation/musrenbang/proposals/USL-NOPE/")
    assert missing.status_code == 404
    assert missing["Content-Type"].startswith("application/problem+json")
    bad = client.get("/api/v1/participation/musrenbang/proposals/?status=flying")
    assert bad.status_code == 400
    assert client.get("/api/v1/participation/budget-rounds/").status_code == 200


def test_planners_prepare_open_and_close_a_round_from_the_pages(
    client: Client,
    citizen: Any,
    musrenbang: Any,
    officers: dict[str, Any],
    offices: dict[str, Any],
) -> None:
    forwarded = [
        services.proposal_decide(
            proposal=submit(citizen, musrenbang, title=title, estimated_cost=cost),
            actor=officers["desa"],
            decision="forward",
        )
        for title, cost in (("Drainase Dago", 300), ("Taman baca", 150))
    ]
    still_at_village = submit(citizen, musrenbang, title="Belum diteruskan")
    planner = StaffFactory(agency=offices["bappeda"], roles=[Role.OFFICER])
    new = reverse("participation:budget-round-new")
    login(client, planner)
    pass_two_factor(client, planner)
    assert (
        b'data-testid="round-new"'
        in client.get(reverse("participation:budget-rounds")).content
    )
    form = client.get(new).content.decode()
    # only proposals past the village level are offered
    assert "Drainase Dago" in form and "Taman baca" in form
    assert "Belum diteruskan" not in form
    # bad input keeps what was typed and says why (in Indonesian)
    bad = client.post(
        new,
        {
            "title": "PB Coblong",
            "ceiling": "banyak",
            "max_projects": "0",
            "projects": [str(forwarded[0].pk)],
        },
    )
    assert bad.status_code == 400
    assert "PB Coblong" in bad.content.decode()
    # a proposal not offered cannot be slipped in
    sneaky = client.post(
        new,
        {
            "title": "PB Coblong",
            "ceiling": "400",
            "max_projects": "1",
            "projects": [str(still_at_village.pk)],
        },
    )
    assert sneaky.status_code == 400
    made = client.post(
        new,
        {
            "title": "PB Coblong",
            "region_code": "32.73.02",
            "ceiling": "400",
            "max_projects": "1",
            "projects": [str(p.pk) for p in forwarded],
        },
    )
    assert made.status_code == 302
    url = made["Location"]
    page = client.get(url).content.decode()
    assert 'data-testid="round-open"' in page  # the planner sees the draft
    client.post(url + "buka/")
    page = client.get(url).content.decode()
    assert 'data-testid="round-close"' in page
    client.logout()
    # residents vote on the open round, then the planner closes it
    assert client.get(url).status_code == 200
    login(client, citizen)
    assert client.post(url, {"projects": [str(forwarded[1].pk)]}).status_code == 302
    client.logout()
    login(client, planner)
    pass_two_factor(client, planner)
    client.post(url + "tutup/")
    assert "Taman baca" in client.get(url).content.decode()
    assert client.post(url + "tutup/").status_code == 302  # twice: a message only


def test_only_planners_prepare_rounds(
    client: Client, citizen: Any, musrenbang: Any, offices: dict[str, Any]
) -> None:
    new = reverse("participation:budget-round-new")
    login(client, citizen)
    assert client.get(new).status_code == 403
    client.logout()
    officer = StaffFactory(agency=offices["desa"], roles=[Role.OFFICER])
    login(client, officer)
    pass_two_factor(client, officer)
    assert client.get(new).status_code == 403


def test_officers_are_not_offered_a_proposal_they_may_not_submit(
    client: Client, citizen: Any, musrenbang: Any, offices: dict[str, Any]
) -> None:
    """Proposals are the citizens' (staff get 403): the participation home and the
    round's list offer the link to citizens only, never a dead end to an officer."""
    new = reverse("participation:musrenbang-new")
    pages = [reverse("participation:home"), reverse("participation:musrenbang")]
    login(client, citizen)
    for page in pages:
        assert f'href="{new}"' in client.get(page).content.decode(), page
    client.logout()
    officer = StaffFactory(agency=offices["desa"], roles=[Role.OFFICER])
    login(client, officer)
    pass_two_factor(client, officer)
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200
        assert f'href="{new}"' not in response.content.decode(), page
    assert client.get(new).status_code == 403
