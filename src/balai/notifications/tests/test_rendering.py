# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import pytest

from balai.core.errors import BalaiError
from balai.notifications.rendering import normalise_language, render_message

CODE = {"name": "Nur Aini", "code": "482913", "minutes": 15}


def test_signup_code_renders_in_indonesian():
    rendered = render_message(template="signup_code", context=CODE, language="id")
    assert rendered.language == "id"
    assert rendered.subject == "Kode verifikasi Balai Anda"
    assert "Kode verifikasi Balai Anda: 482913" in rendered.body
    assert "berlaku 15 menit" in rendered.body
    assert "Jangan berikan kode ini kepada siapa pun" in rendered.body
    assert not rendered.body.startswith("Subject")


def test_signup_code_renders_in_english():
    rendered = render_message(template="signup_code", context=CODE, language="en")
    assert rendered.language == "en"
    assert rendered.subject == "Your Balai verification code"
    assert "Your Balai verification code: 482913" in rendered.body
    assert "valid for 15 minutes" in rendered.body


@pytest.mark.parametrize("language", ["fr", "", "jv"])
def test_missing_language_falls_back_to_indonesian(language):
    rendered = render_message(
        template="welcome", context={"name": "Budi"}, language=language
    )
    assert rendered.language == "id"
    assert rendered.subject == "Selamat datang di Balai"


def test_regional_language_tag_uses_its_base_language():
    assert normalise_language("en-US") == "en"
    assert normalise_language("id_ID") == "id"


@pytest.mark.parametrize("template", ["no_such_template", "../settings", "", "Welcome"])
def test_unknown_template_is_a_domain_error(template):
    with pytest.raises(BalaiError) as caught:
        render_message(template=template, context={}, language="id")
    assert caught.value.code == "unknown_template"


def test_text_is_not_html_escaped():
    rendered = render_message(
        template="generic",
        context={"subject": "Jadwal & lokasi", "body": "Bawa <KTP> & KK."},
        language="id",
    )
    assert rendered.subject == "Jadwal & lokasi"
    assert rendered.body == "Bawa <KTP> & KK."


def test_generic_subject_stays_on_one_line():
    rendered = render_message(
        template="generic",
        context={"subject": "Baris satu\nBcc: x@example.com", "body": "Isi"},
        language="en",
    )
    assert rendered.subject == "Baris satu Bcc: x@example.com"
    assert rendered.body == "Isi"


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("template", ["welcome", "password_changed", "signup_code"])
def test_every_shipped_template_has_subject_and_body(template, language):
    rendered = render_message(template=template, context=CODE, language=language)
    assert rendered.language == language
    assert rendered.subject
    assert rendered.body
    assert "\n\n\n" not in rendered.body
