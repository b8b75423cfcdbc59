# SPDX-License-Identifier: EUPL-1.2
"""A citizen comments on a section of a draft on a 360 px phone; an officer answers
it on the desktop (with the second factor); the citizen later sees the official
answer on the consultation's page. axe-core checks the citizen's pages."""

from __future__ import annotations

import pytest

from balai.accounts.tests.factories import PASSWORD, StaffFactory, UserFactory
from balai.core.testing.browser import (
    assert_accessible,
    log_in,
    pass_two_factor,
    watch_errors,
)
from balai.participation.models import Comment
from balai.participation.tests.consultation_factories import officer, open_consultation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_sideways_scroll(page: object) -> bool:
    return bool(
        page.evaluate(  # type: ignore[attr-defined]
            "document.documentElement.scrollWidth <= window.innerWidth"
        )
    )


def test_citizen_comments_on_a_section_and_sees_the_official_answer(
    live_server, phone_page, desktop_page
):
    staff = StaffFactory()
    consultation = open_consultation(officer(staff.agency))
    section = consultation.draft.sections.get(position=2)
    citizen = UserFactory()
    base = live_server.url
    detail = f"{base}/partisipasi/konsultasi/{consultation.pk}/"

    errors = watch_errors(phone_page)
    log_in(phone_page, base, citizen.email, PASSWORD)
    phone_page.goto(detail)
    assert _no_sideways_scroll(phone_page)
    phone_page.select_option("#section-new", str(section.pk))
    phone_page.fill("#text-new", "Lebar trotoar sebaiknya 2 meter.")
    phone_page.locator("form[action$='/komentar/'] button[type=submit]").first.click()
    phone_page.wait_for_load_state()
    assert phone_page.get_by_text("Menunggu jawaban resmi.").count() >= 1 or (
        phone_page.get_by_text("Waiting for the official answer.").count() >= 1
    )
    comment = Comment.objects.get()
    assert comment.section_id == section.pk
    assert_accessible(phone_page)

    log_in(desktop_page, base, staff.email, PASSWORD)
    pass_two_factor(desktop_page, staff)
    desktop_page.goto(f"{base}/partisipasi/kelola/konsultasi/{consultation.pk}/")
    card = desktop_page.locator(f"#m-{comment.pk}")
    card.locator("select[name=decision]").select_option("accepted")
    card.locator("textarea[name=reason]").fill(
        "Disesuaikan dengan standar aksesibilitas."
    )
    card.locator("input[name=final_section]").fill("Pasal 2 ayat (2)")
    card.locator("form[action$='/jawab/'] button[type=submit]").click()
    desktop_page.wait_for_load_state()
    assert comment.__class__.objects.get(pk=comment.pk).response.final_section == (
        "Pasal 2 ayat (2)"
    )

    phone_page.goto(detail)
    own = phone_page.locator("[data-own-comment]")
    assert "Disesuaikan dengan standar aksesibilitas." in own.inner_text()
    assert "Pasal 2 ayat (2)" in own.inner_text()
    assert _no_sideways_scroll(phone_page)
    assert not errors
