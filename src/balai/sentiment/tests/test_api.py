# SPDX-License-Identifier: EUPL-1.2
from django.urls import reverse

import pytest
from rest_framework.test import APIClient

from balai.accounts.services import api_token_create
from balai.accounts.testing import verified
from balai.accounts.tests.factories import UserFactory
from balai.sentiment.models import Correction, Post
from balai.sentiment.tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    secret = api_token_create(
        actor=verified(user) if user.is_staff else user, name="system"
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_classify_with_a_staff_token(officer):
    response = _client(officer).post(
        "/api/v1/sentiment/classify",
        {
            "items": [
                {"id": "a", "text": "petugasnya ramah, urus kk cepat sekali"},
                {"id": "b", "text": "aplikasi error terus, gak bisa daftar 😡"},
                {"text": "jam berapa kantor kelurahan buka?"},
            ]
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["model_version"].startswith("fast-")
    assert [(r["id"], r["label"]) for r in body["results"]] == [
        ("a", "positive"),
        ("b", "negative"),
        ("2", "neutral"),
    ]
    assert all(0 < r["score"] <= 1 for r in body["results"])
    assert Post.objects.count() == 0  # classification stores nothing


def test_classify_on_the_quality_path_and_big_batches_on_the_fast_one(officer):
    items = [
        {"id": "a", "text": "terima kasih, kk saya jadi sehari, petugasnya ramah"},
        {"id": "b", "text": "hebat ya, antre 5 jam cuma buat legalisir"},
        {"id": "c", "text": "jam berapa kantor kelurahan buka?"},
    ]
    client = _client(officer)
    url = "/api/v1/sentiment/classify"
    body = client.post(url, {"items": items, "quality": True}, format="json").json()
    assert body["model_version"].startswith("quality-")
    assert [r["label"] for r in body["results"]] == ["positive", "negative", "neutral"]
    assert all(set(r["probabilities"]) == {"negative", "neutral", "positive"}
               for r in body["results"])  # fmt: skip
    many = {"texts": ["jalan rusak"] * 51, "quality": True}
    body = client.post(url, many, format="json").json()
    assert body["model_version"].startswith("fast-")  # more than 50: the fast path
    assert len(body["results"]) == 51


@pytest.mark.parametrize(
    "payload",
    [{}, {"items": []}, {"items": [{"id": "x"}]}, {"items": [{"text": "a" * 5001}]}],
)
def test_classify_bad_input_is_a_problem_400(officer, payload):
    response = _client(officer).post(
        reverse("sentiment-api:classify"), payload, format="json"
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")


def test_classify_refuses_citizens_and_anonymous(client):
    assert (
        _client(UserFactory())
        .post("/api/v1/sentiment/classify", {"items": [{"text": "x"}]}, format="json")
        .status_code
        == 403
    )
    assert APIClient().post(
        "/api/v1/sentiment/classify", {"items": [{"text": "x"}]}, format="json"
    ).status_code in (401, 403)


def test_send_posts_then_correct_one(officer):
    client = _client(officer)
    response = client.post(
        reverse("sentiment-api:posts"),
        {"posts": [{"id": "p1", "text": "lampu jalan mati sebulan", "author": "@a"}]},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["created"], body["duplicates"]) == (1, 0)
    post = Post.objects.get(pk=body["ids"][0])
    assert post.source == "api" and post.agency_code == "dinas-pu"
    again = client.post(
        reverse("sentiment-api:posts"),
        {"posts": [{"id": "p1", "text": "lampu jalan mati sebulan"}]},
        format="json",
    )
    assert again.json()["duplicates"] == 1
    fixed = client.post(
        reverse("sentiment-api:post-correct", args=[post.pk]),
        {"label": "neutral"},
        format="json",
    )
    assert fixed.status_code == 200 and fixed.json()["label"] == "neutral"
    assert Correction.objects.filter(post=post, officer=officer).exists()


def test_correct_a_post_of_nobody_visible_is_404(officer):
    response = _client(UserFactory()).post(
        reverse("sentiment-api:post-correct", args=[PostFactory().pk]),
        {"label": "neutral"},
        format="json",
    )
    assert response.status_code == 404
