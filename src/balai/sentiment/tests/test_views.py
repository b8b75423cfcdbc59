# SPDX-License-Identifier: EUPL-1.2
import datetime as dt
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

import pytest

from balai.accounts.tests.factories import UserFactory
from balai.sentiment.models import Post, SpikeAlert, Topic
from balai.sentiment.tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_dashboard_shows_trends_voice_topics_and_alerts(officer, staff_client):
    now = timezone.now()
    for days in range(5):
        PostFactory(posted_at=now - dt.timedelta(days=days), label="negative")
        PostFactory(
            posted_at=now - dt.timedelta(days=days), label="positive", agency_code="dlh"
        )
    topic = Topic.objects.create(
        terms="antrean, online, error", size=12, period_start=now, period_end=now
    )
    PostFactory(text="antrean online error lagi", topic=topic)
    SpikeAlert.objects.create(
        agency_code="disdukcapil", day=now.date(), negative=30, total=40,
        baseline_rate=0.3, p_value=1e-7, test="one-sided exact binomial test",
    )  # fmt: skip
    page = staff_client(officer).get(reverse("sentiment:dashboard") + "?days=30")
    assert page.status_code == 200
    body = page.content.decode()
    for expected in (
        "antrean, online, error",
        "antrean online error lagi",
        "one-sided exact binomial test",
        "<svg",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Dinas Lingkungan Hidup",
        'name="viewport"',
    ):
        assert expected in body, expected
    # SVG numbers stay in dot notation under the Indonesian locale (0,5 breaks SVG)
    assert not re.search(r'(?:x|y|width|height)="[0-9.]*,[0-9]', body)
    assert re.search(r'<rect class="sentiment-chart__negative" x="[0-9.]+"', body)


def test_drill_down_filters_by_agency_and_label(officer, staff_client):
    PostFactory(text="sampah numpuk di tps", agency_code="dlh", label="negative")
    PostFactory(text="ktp jadi cepat", agency_code="disdukcapil", label="positive")
    page = staff_client(officer).get(
        reverse("sentiment:post-list") + "?agency=dlh&label=negative&days=30"
    )
    body = page.content.decode()
    assert "sampah numpuk di tps" in body and "ktp jadi cepat" not in body


def test_pages_refuse_citizens_and_anonymous(client):
    for name in ("dashboard", "post-list", "queue", "upload"):
        url = reverse(f"sentiment:{name}")
        assert client.get(url).status_code == 302  # to the login page
    client.force_login(UserFactory())
    for name in ("dashboard", "post-list", "queue", "upload"):
        assert client.get(reverse(f"sentiment:{name}")).status_code == 403


def test_upload_imports_a_csv_file(officer, staff_client):
    client = staff_client(officer)
    content = (
        b"id,text,author,time\n"
        b"1,antre di dukcapil dari pagi belum dipanggil,@a,2026-11-01T09:00:00+07:00\n"
        b"2,terima kasih petugas samsat yang ramah,@b,2026-11-02\n"
    )
    response = client.post(
        reverse("sentiment:upload"),
        {"file": SimpleUploadedFile("posts.csv", content), "platform": "facebook"},
    )
    assert response.status_code == 302
    assert Post.objects.filter(platform="facebook").count() == 2


def test_upload_with_a_bad_row_imports_nothing_and_says_which(officer, staff_client):
    client = staff_client(officer)
    content = b"id,text,time\n1,ok,2026-11-01\n2,,2026-11-01\n3,x,kemarin\n"
    response = client.post(
        reverse("sentiment:upload"),
        {"file": SimpleUploadedFile("posts.csv", content)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "row 2" in body and "row 3" in body
    assert Post.objects.count() == 0
