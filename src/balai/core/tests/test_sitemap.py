# SPDX-License-Identifier: EUPL-1.2
"""The public pages apps describe for the assistant (``balai.core.sitemap``)."""

from __future__ import annotations

from django.urls import reverse

from balai.core import sitemap


def test_every_registered_page_resolves_and_reads_in_both_languages():
    pages = sitemap.public_pages()
    names = {page.url_name for page in pages}
    assert {
        "catalog:service-list",
        "documents:verify-upload",
        "finance:transparency",
        "reports:public-list",
        "tax:pbb-inquiry",
        "portal:my-data",
        "accounts:signup",
    } <= names
    for page in pages:
        assert page.url == reverse(page.url_name)
        title_id, summary_id = page.text("id")
        title_en, summary_en = page.text("en")
        assert title_id and summary_id and title_en and summary_en
        # each summary is translated (the Indonesian text is not the English one)
        assert summary_id != summary_en, page.url_name
