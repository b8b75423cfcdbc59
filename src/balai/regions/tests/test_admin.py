# SPDX-License-Identifier: EUPL-1.2
from django.contrib.admin.sites import site
from django.test import RequestFactory

import pytest

from balai.regions.models import Region, RetiredRegionCode

pytestmark = pytest.mark.usefixtures("sample_regions")


@pytest.fixture
def request_():
    return RequestFactory().get("/admin/")


@pytest.mark.parametrize("model", [Region, RetiredRegionCode])
def test_admin_is_read_only(model, request_):
    model_admin = site._registry[model]
    obj = model.objects.first()
    assert not model_admin.has_add_permission(request_)
    assert not model_admin.has_change_permission(request_, obj)
    assert not model_admin.has_delete_permission(request_, obj)


def test_region_admin_search_accepts_undotted_codes(request_):
    model_admin = site._registry[Region]
    results, _dupes = model_admin.get_search_results(
        request_, Region.objects.all(), "320405"
    )
    assert "32.04.05" in set(results.values_list("code", flat=True))
    by_name, _dupes = model_admin.get_search_results(
        request_, Region.objects.all(), "Cileunyi"
    )
    assert "32.04.05" in set(by_name.values_list("code", flat=True))


def test_retired_admin_search_accepts_undotted_codes(request_):
    model_admin = site._registry[RetiredRegionCode]
    results, _dupes = model_admin.get_search_results(
        request_, RetiredRegionCode.objects.all(), "910101"
    )
    assert list(results.values_list("old_code", flat=True)) == ["91.01.01"]
