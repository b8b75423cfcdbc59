# SPDX-License-Identifier: EUPL-1.2
"""What people read about an application says it in words: documents by their
requirement's name, the timeline without codes, drafts by whom they are about."""

from __future__ import annotations

from django.urls import reverse

from balai.accounts.tests.conftest import login, pass_two_factor
from balai.cases.constants import Action
from balai.cases.tests.support import approved, draft, in_review


def test_the_timeline_names_documents_and_the_register_change(world):
    application = approved(world, in_review(world))
    reasons = dict(
        application.transitions.filter(
            action__in=(Action.CHECK_DOCUMENT, Action.REGISTER)
        ).values_list("action", "reason")
    )
    assert reasons[Action.REGISTER] == (
        "Database kependudukan diperbarui: pencatatan kelahiran."
    )
    checks = list(
        application.transitions.filter(action=Action.CHECK_DOCUMENT).values_list(
            "reason", flat=True
        )
    )
    assert "Kartu Keluarga tempat anak akan dicatat: diterima" in checks
    assert not any("kartu-keluarga" in reason for reason in checks)


def test_pages_show_requirement_names_and_what_a_draft_is_about(client, world):
    started = draft(world)
    login(client, world.citizen)
    mine = client.get(reverse("cases:application-list")).content.decode()
    assert "Putri Ayu Lestari" in mine
    assert f">{str(started.pk)[:8]}<" not in mine  # no hash shown
    assert started.reference == "Draf: Putri Ayu Lestari"

    application = in_review(world)
    detail = client.get(reverse("cases:application-detail", args=[application.pk]))
    text = detail.content.decode()
    assert "Surat keterangan lahir dari rumah sakit" in text
    assert ">surat-keterangan-lahir<" not in text
    client.logout()
    login(client, world.officer)
    pass_two_factor(client, world.officer)
    desk = client.get(reverse("cases:officer-detail", args=[application.pk]))
    text = desk.content.decode()
    assert "Kartu Keluarga tempat anak akan dicatat" in text
    assert ">kartu-keluarga<" not in text


def test_the_review_step_offers_change_per_answer(client, world):
    application = draft(world)
    login(client, world.citizen)
    review = reverse("cases:application-review", args=[application.pk])
    edit = reverse("cases:application-edit", args=[application.pk])
    text = client.get(review).content.decode()
    assert f'href="{edit}#id_child_name"' in text
    assert text.count(f'href="{edit}#id_') == len(application.answers)
    form = client.get(edit).content.decode()
    assert 'id="id_child_name"' in form and "Putri Ayu Lestari" in form
    data = {
        key: value
        for key, value in application.answers.items()
        if value is not None and not isinstance(value, bool)
    }
    data.update(child_name="Putri Ayu Lestari Wibowo", declaration="on")
    saved = client.post(edit, data)
    assert saved.status_code == 302 and saved["Location"] == review
    application.refresh_from_db()
    assert application.answers["child_name"] == "Putri Ayu Lestari Wibowo"
    bad = client.post(edit, {**data, "birth_order": "nol"})
    assert bad.status_code == 400
    assert 'value="Putri Ayu Lestari Wibowo"' in bad.content.decode()
