# SPDX-License-Identifier: EUPL-1.2
"""Entry points that apps contribute to the main navigation and to the staff area.

Lower floors never import higher ones, so the portal's menu and the accounts app's
staff home cannot list the pages of cases, reports or the register by themselves.
Each app registers its links from ``AppConfig.ready()`` instead, with a predicate
saying who sees them (the page itself still checks its policy: a link is a hint,
never a permission).

    navigation.register_link(
        "staff", "registry:resident-search", _("Population register"),
        visible=registry_policies.is_register_staff, order=10,
    )
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch

from balai.core import pagecache
from balai.core.urlcache import cached_reverse, current_scope

Predicate = Callable[[Any], bool]
PLACES = ("main", "staff", "footer")


def everyone(user: Any) -> bool:
    return True


def signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@dataclass(frozen=True)
class Link:
    place: str
    url_name: str
    label: Any  # a lazy translation
    visible: Predicate
    order: int
    description: Any = ""


@dataclass(frozen=True)
class ShownLink:
    url: str
    url_name: str
    label: Any
    description: Any


_links: dict[tuple[str, str], Link] = {}
_ordered_links: dict[str, list[Link]] = {}


def register_link(
    place: str,
    url_name: str,
    label: Any,
    *,
    visible: Predicate = everyone,
    order: int = 50,
    description: Any = "",
) -> None:
    """Add (or replace) a link in ``place`` ("main", "staff" or "footer")."""
    if place not in PLACES:
        raise ValueError(f"unknown navigation place {place!r}")
    _links[(place, url_name)] = Link(
        place, url_name, label, visible, order, description
    )
    _ordered_links.clear()
    pagecache.clear()  # stored pages show the menu


def _ordered(place: str) -> list[Link]:
    found = _ordered_links.get(place)
    if found is None:
        found = _ordered_links[place] = sorted(
            (link for link in _links.values() if link.place == place),
            key=lambda link: (link.order, link.url_name),
        )
    return found


def links_for(place: str, user: Any) -> list[ShownLink]:
    """The links of ``place`` this user may see, in order; unresolvable ones skipped.

    The order is kept per place and each URL is resolved once per process and
    language (``core.urlcache``); only the visibility is decided per call."""
    shown = []
    scope = current_scope()
    for link in _ordered(place):
        try:
            if not link.visible(user):
                continue
            url = cached_reverse(link.url_name, scope)
        except NoReverseMatch:
            continue
        shown.append(ShownLink(url, link.url_name, link.label, link.description))
    return shown
