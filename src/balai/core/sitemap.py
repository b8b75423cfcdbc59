# SPDX-License-Identifier: EUPL-1.2
"""The public pages apps publish, described for people who ask about them.

The assistant answers "where can I see the budget?" or "how do I check that a
document is genuine?" from the catalog, the FAQ and these pages. Lower floors never
import higher ones, so each app registers its public pages from
``AppConfig.ready()`` with a title, a one-sentence summary and the everyday words
people use for it (Indonesian first; the lazy texts are translated per language):

    sitemap.register_page(
        "finance:transparency",
        title=_("Regional budget"),
        summary=_("How the regional budget is planned and spent ..."),
        keywords=("apbd", "anggaran", "transparansi"),
    )
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import override


@dataclass(frozen=True)
class PublicPage:
    url_name: str
    title: Any  # a lazy translation
    summary: Any  # a lazy translation
    keywords: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        return reverse(self.url_name)

    def text(self, language: str) -> tuple[str, str]:
        """(title, summary) in ``language`` ("id" or "en")."""
        with override(language):
            return str(self.title), str(self.summary)


_pages: dict[str, PublicPage] = {}


def register_page(
    url_name: str, *, title: Any, summary: Any, keywords: tuple[str, ...] = ()
) -> None:
    """Add (or replace) the description of the public page ``url_name``."""
    _pages[url_name] = PublicPage(url_name, title, summary, tuple(keywords))


def public_pages() -> list[PublicPage]:
    """Every registered public page, in registration order."""
    return list(_pages.values())
