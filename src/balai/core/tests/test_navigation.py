# SPDX-License-Identifier: EUPL-1.2
"""Apps' entry points: who sees which link in the menu and the staff area."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

import pytest

from balai.core import navigation


@pytest.fixture(autouse=True)
def _restore_links():
    saved = dict(navigation._links)
    yield
    navigation._links.clear()
    navigation._links.update(saved)


def test_unknown_place_is_refused():
    with pytest.raises(ValueError, match="place"):
        navigation.register_link("sidebar", "portal:home", "x")


def test_links_follow_their_predicates_and_skip_unknown_urls():
    navigation.register_link("main", "no-such:view", "ghost", order=1)
    navigation.register_link(
        "main", "portal:about", "about", visible=lambda user: False, order=2
    )
    shown = [link.url_name for link in navigation.links_for("main", AnonymousUser())]
    assert "no-such:view" not in shown
    assert "portal:about" not in shown
    assert "registry-statistics:population-detail" in shown  # registered by registry
    assert "portal:my-data" not in shown  # signed-in people only


def test_staff_home_lists_the_register_for_register_staff(db, sample_regions):
    from django.test import Client

    from balai.accounts.tests.conftest import login, pass_two_factor
    from balai.accounts.tests.factories import StaffFactory
    from balai.registry.tests.factories import identity_agency

    client = Client()
    officer = StaffFactory(agency=identity_agency())
    login(client, officer)
    pass_two_factor(client, officer)
    page = client.get(reverse("accounts:staff-home")).content.decode()
    assert reverse("registry:resident-search") in page
    assert reverse("security:audit-list") not in page  # not an auditor


@pytest.mark.django_db
def test_layout_links_are_resolved_once_per_language(client):
    """The layout's fixed links come from a per-process, per-language cache of
    reverse(); the URLs are the ones reverse() gives in each language."""
    from django.urls import reverse
    from django.utils import translation

    from balai.core import urlcache

    urlcache.clear()
    for language in ("id", "en"):
        with translation.override(language):
            assert urlcache.cached_reverse("portal:about") == reverse("portal:about")
    assert len([key for key in urlcache._paths if key[0] == "portal:about"]) == 2
    response = client.get("/")
    assert f'href="{reverse("portal:about")}"' in response.content.decode()


def test_a_changed_urlconf_empties_the_link_cache(settings):
    from balai.core import urlcache

    urlcache.cached_reverse("portal:about")
    assert urlcache._paths
    settings.ROOT_URLCONF = settings.ROOT_URLCONF  # any change is announced
    assert not urlcache._paths
