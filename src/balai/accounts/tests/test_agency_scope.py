# SPDX-License-Identifier: EUPL-1.2
"""One selector answers which agencies a staff member acts for, in both directions."""

from __future__ import annotations

import pytest

from balai.accounts.selectors import agency_scope, agency_scope_of
from balai.accounts.tests.factories import AgencyFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    """Pemkot → Disdukcapil → UPT Coblong → Loket Dago; and a sister agency."""
    dinas = AgencyFactory(code="disdukcapil")
    upt = AgencyFactory(code="upt-coblong", parent=dinas)
    counter = AgencyFactory(code="loket-dago", parent=upt)
    sister = AgencyFactory(code="dinas-pu")
    return dinas, upt, counter, sister


def test_below_is_supervision_and_above_is_delegation(tree):
    dinas, upt, counter, sister = tree
    scope = agency_scope(StaffFactory(agency=upt))
    assert scope.below == {upt.pk, counter.pk}
    assert scope.above == {upt.pk, dinas.pk}
    assert scope.above_codes == {"upt-coblong", "disdukcapil"}
    assert sister.pk not in scope.below | scope.above
    top = agency_scope(StaffFactory(agency=dinas))
    assert top.below == {dinas.pk, upt.pk, counter.pk}
    assert top.above == {dinas.pk}


def test_one_query_per_request_then_cached_until_the_agency_changes(
    tree, django_assert_num_queries
):
    _dinas, upt, _counter, sister = tree
    officer = StaffFactory(agency=upt)
    with django_assert_num_queries(1):
        first = agency_scope(officer)
        again = agency_scope(officer)
    assert again is first
    officer.agency = sister
    with django_assert_num_queries(1):
        assert agency_scope(officer).below == {sister.pk}


def test_people_without_an_agency_have_no_scope(tree, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert agency_scope(UserFactory.build()).below == frozenset()
        assert agency_scope_of(None).above == frozenset()


def test_a_cycle_in_the_hierarchy_does_not_loop(tree):
    dinas, upt, _counter, _sister = tree
    dinas.parent = upt  # a data-entry error in the admin
    dinas.save(update_fields=["parent"])
    scope = agency_scope_of(upt.pk)
    assert scope.above == {upt.pk, dinas.pk}
    assert {upt.pk, dinas.pk} <= scope.below
