# SPDX-License-Identifier: EUPL-1.2
"""The shared page helpers: domain errors onto forms, pagination links, 404s."""

from __future__ import annotations

from django import forms
from django.template.loader import render_to_string
from django.test import RequestFactory

import pytest

from balai.core.errors import BalaiError
from balai.core.forms import errors_to_form
from balai.core.pagination import page_of, paginate


class NameForm(forms.Form):
    name = forms.CharField()
    note = forms.CharField(required=False)


def _bound() -> NameForm:
    form = NameForm({"name": "Sri", "note": ""})
    assert form.is_valid()
    return form


def test_a_field_error_goes_under_its_field():
    form = _bound()
    errors_to_form(form, BalaiError("Check", field_errors={"name": ["Too short."]}))
    assert form.errors == {"name": ["Too short."]}


def test_a_field_error_for_a_field_the_form_lacks_is_kept_for_the_whole_form():
    form = _bound()
    error = BalaiError(
        "Check", field_errors={"name": ["Too short."], "nik": ["Unknown NIK."]}
    )
    errors_to_form(form, error)
    assert form.errors["name"] == ["Too short."]
    assert form.non_field_errors() == ["Unknown NIK."]


def test_an_error_without_fields_shows_its_message_where_asked():
    form = _bound()
    errors_to_form(form, BalaiError("Closed today."))
    assert form.non_field_errors() == ["Closed today."]
    other = _bound()
    errors_to_form(other, BalaiError("Closed today."), default="note")
    assert other.errors == {"note": ["Closed today."]}


def test_field_for_renames_and_the_forms_own_mapping_is_used():
    form = _bound()
    errors_to_form(
        form,
        BalaiError("x", field_errors={"full_name": ["Required."]}),
        field_for=lambda name: {"full_name": "name"}.get(name),
    )
    assert form.errors == {"name": ["Required."]}

    class Mapped(NameForm):
        def field_for(self, name: str) -> str | None:
            return "note" if name == "remark" else None

    mapped = Mapped({"name": "Sri"})
    assert mapped.is_valid()
    errors_to_form(mapped, BalaiError("x", field_errors={"remark": ["Too long."]}))
    assert mapped.errors == {"note": ["Too long."]}


def test_paginate_never_fails_on_what_a_visitor_typed():
    rows = list(range(45))
    assert list(paginate(rows, number="2", per_page=20).object_list) == list(
        range(20, 40)
    )
    assert paginate(rows, number="abc", per_page=20).number == 1
    assert paginate(rows, number="99", per_page=20).number == 3


def test_pagination_links_keep_the_filters():
    request = RequestFactory().get("/daftar/", {"status": "open", "page": "2"})
    page = page_of(request, list(range(45)), per_page=20)
    html = render_to_string("includes/pagination.html", {"page": page}, request=request)
    assert 'href="?status=open&amp;page=1"' in html
    assert 'href="?status=open&amp;page=3"' in html
    assert "2" in html and "3" in html


def test_two_lists_on_one_page_page_separately():
    request = RequestFactory().get("/data/", {"a-page": "2", "b-page": "1"})
    page = page_of(request, list(range(45)), per_page=20, param="a-page")
    html = render_to_string(
        "includes/pagination.html",
        {"page": page, "previous": "Newer", "next": "Older", "anchor": "a"},
        request=request,
    )
    assert 'href="?a-page=1&amp;b-page=1#a">Newer<' in html
    assert 'href="?a-page=3&amp;b-page=1#a">Older<' in html


def test_one_page_shows_no_navigation():
    request = RequestFactory().get("/daftar/")
    page = page_of(request, [1, 2], per_page=20)
    html = render_to_string("includes/pagination.html", {"page": page}, request=request)
    assert "<nav" not in html


@pytest.mark.django_db
def test_a_domain_not_found_escaping_a_page_view_is_a_404(client):
    """reports' public detail lets its selector's NotFound escape."""
    response = client.get("/laporan/LPR-TIDAKADA/")
    assert response.status_code == 404
