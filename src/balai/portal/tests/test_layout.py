# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import re
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

import pytest


@pytest.mark.django_db
def test_base_layout_has_landmarks_skip_link_and_htmx(client):
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">Langsung ke konten utama</a>' in html
    assert '<main id="main"' in html
    for landmark in ("<header", "<nav", "<footer"):
        assert landmark in html
    assert 'name="viewport"' in html
    assert re.search(r'hx-headers=\'\{"X-CSRFToken": "[A-Za-z0-9]+"\}\'', html)
    assert 'src="/static/vendor/htmx/htmx.min.js" defer' in html
    assert 'href="/static/portal/balai.css"' in html
    assert "EUPL-1.2" in html
    assert "<script>" not in html
    assert " onclick=" not in html


class ExampleForm(forms.Form):
    email = forms.EmailField(label="Email", help_text="We never share it.")
    nickname = forms.CharField(label="Nickname", required=False)
    agree = forms.BooleanField(label="I agree")
    channel = forms.ChoiceField(
        label="Channel",
        choices=[("email", "Email"), ("sms", "SMS")],
        widget=forms.RadioSelect,
        help_text="How we reach you.",
    )

    def clean(self):
        raise forms.ValidationError("Something is wrong overall.")


def render_field(form, name):
    return render_to_string("includes/field.html", {"field": form[name]})


def test_field_include_links_label_hint_and_error():
    form = ExampleForm(data={"email": "not-an-email"})
    form.is_valid()
    html = render_field(form, "email")
    assert '<label class="field__label" for="id_email">Email</label>' in html
    assert 'id="id_email_helptext"' in html
    assert 'id="id_email_error"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert "field--error" in html


def test_field_include_marks_optional_fields():
    html = render_field(ExampleForm(), "nickname")
    assert 'for="id_nickname"' in html
    assert "(opsional)" in html
    assert "aria-invalid" not in html


def test_field_include_checkbox_puts_label_after_input():
    form = ExampleForm(data={})
    form.is_valid()
    html = render_field(form, "agree")
    assert html.index('type="checkbox"') < html.index('for="id_agree"')
    assert 'aria-describedby="id_agree_error"' in html


def test_field_include_groups_radios_in_a_fieldset():
    form = ExampleForm(data={})
    form.is_valid()
    html = render_field(form, "channel")
    assert "<fieldset" in html
    assert '<legend class="field__label">Channel</legend>' in html
    assert 'aria-describedby="id_channel_helptext id_channel_error"' in html


def test_form_errors_include_summarises_and_links_fields():
    form = ExampleForm(data={"email": "not-an-email"})
    form.is_valid()
    html = render_to_string("includes/form_errors.html", {"form": form})
    assert 'role="alert"' in html
    assert "Something is wrong overall." in html
    assert '<a href="#id_email">' in html
    assert "data-error-summary" in html


def test_form_errors_include_is_empty_for_valid_or_unbound_form():
    html = render_to_string("includes/form_errors.html", {"form": ExampleForm()})
    assert html.strip() == ""


@pytest.mark.parametrize(
    "path",
    [
        "vendor/htmx/htmx.min.js",
        "vendor/htmx/LICENSE",
        "portal/balai.css",
        "portal/balai.js",
        "portal/favicon.svg",
        "portal/icons.svg",
    ],
)
def test_static_files_are_findable(path):
    assert finders.find(path)


def test_stylesheet_stays_small():
    assert Path(finders.find("portal/balai.css")).stat().st_size < 20 * 1024


@pytest.mark.django_db
def test_htmx_is_served(client):
    response = client.get("/static/vendor/htmx/htmx.min.js")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert b"htmx" in body[:200]


def test_messages_partial_renders_alone_for_htmx_out_of_band_swaps(get_request):
    request = get_request()
    messages.warning(request, "Periksa kembali data Anda.")
    html = render_to_string("base.html#messages", {"oob": True}, request=request)
    assert '<div id="messages" class="messages" hx-swap-oob="true">' in html
    assert 'class="alert alert--warning" role="status"' in html
    assert "<main" not in html
