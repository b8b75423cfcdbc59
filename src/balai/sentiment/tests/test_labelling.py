# SPDX-License-Identifier: EUPL-1.2
"""Officers correct labels; corrections are kept and go to the next training; the
queue offers the most uncertain posts first."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse

import pytest

from balai.accounts.tests.factories import AgencyFactory, StaffFactory, UserFactory
from balai.sentiment import selectors
from balai.sentiment.constants import Source
from balai.sentiment.ml import data, training
from balai.sentiment.models import Correction
from balai.sentiment.services import correction_record
from balai.sentiment.tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_queue_shows_the_most_uncertain_first_and_a_correction_sticks(
    officer, staff_client
):
    sure = PostFactory(text="pelayanan sangat bagus", label="positive", uncertainty=0.1)
    unsure = PostFactory(
        text="ya begitulah kantor itu", label="neutral", uncertainty=0.95
    )
    middle = PostFactory(text="lumayan lah", label="positive", uncertainty=0.5)
    client = staff_client(officer)
    page = client.get(reverse("sentiment:queue"))
    assert page.status_code == 200
    body = page.content.decode()
    assert body.index(unsure.text) < body.index(middle.text) < body.index(sure.text)

    response = client.post(
        reverse("sentiment:post-correct", args=[unsure.pk]),
        {"label": "negative", "next": reverse("sentiment:queue")},
    )
    assert response.status_code == 302
    unsure.refresh_from_db()
    assert (unsure.label, unsure.corrected) == ("negative", True)
    correction = Correction.objects.get(post=unsure)
    assert (correction.previous_label, correction.officer_id) == ("neutral", officer.pk)
    assert unsure not in list(selectors.labelling_queue(officer))
    assert selectors.corrections_for_training() == [
        ("ya begitulah kantor itu", "negative")
    ]


def test_the_next_training_uses_the_corrections(officer, staff_client):
    post = PostFactory(text="pelayanan kelurahan sip lah pokoknya", label="neutral")
    staff_client(officer).post(
        reverse("sentiment:post-correct", args=[post.pk]), {"label": "positive"}
    )
    corrections = selectors.corrections_for_training()
    dataset = data.public_service("train") + data.Dataset(
        "corrections",
        [t for t, _l in corrections],
        [label for _t, label in corrections],
        domain=len(corrections),
    )
    assert dataset.texts[-1] == "pelayanan kelurahan sip lah pokoknya"
    assert dataset.labels[-1] == "positive"
    assert training.sample_weights(dataset)[-1] == training.DOMAIN_WEIGHT
    try:
        root = data.data_dir()
    except data.DataMissing:
        pytest.skip("shared sentiment data not present")
    full = training.training_data(root, corrections)
    assert full.texts[-1] == post.text and "corrections" in full.name


def test_bad_label_is_refused(officer, staff_client):
    post = PostFactory()
    response = staff_client(officer).post(
        reverse("sentiment:post-correct", args=[post.pk]),
        {"label": "angry"},
        follow=True,
    )
    assert response.status_code == 200
    post.refresh_from_db()
    assert not post.corrected and Correction.objects.count() == 0


def test_citizens_and_unverified_staff_cannot_correct(client, officer):
    post = PostFactory()
    with pytest.raises(PermissionDenied):
        correction_record(actor=UserFactory(), post=post, label="positive")
    with pytest.raises(PermissionDenied):  # no second factor in this session
        correction_record(actor=officer, post=post, label="positive")
    client.force_login(UserFactory())
    response = client.post(
        reverse("sentiment:post-correct", args=[post.pk]), {"label": "positive"}
    )
    assert response.status_code == 404
    post.refresh_from_db()
    assert not post.corrected


def test_internal_feedback_of_another_agency_is_hidden(staff_client):
    other = StaffFactory(agency=AgencyFactory(code="dlh"))
    survey = PostFactory(source=Source.SURVEY, agency_code="disdukcapil")
    public = PostFactory(source=Source.UPLOAD, agency_code="disdukcapil")
    client = staff_client(other)
    assert (
        client.post(
            reverse("sentiment:post-correct", args=[survey.pk]), {"label": "positive"}
        ).status_code
        == 404
    )
    page = client.get(reverse("sentiment:post-list") + "?days=30")
    assert public.text in page.content.decode()
    assert survey.text not in page.content.decode()


def test_rescoring_relabels_with_the_tuned_quality_model_and_keeps_corrections():
    from balai.sentiment.constants import ModelPath
    from balai.sentiment.models import Post
    from balai.sentiment.services import posts_rescore

    praise = PostFactory(text="terima kasih, e-ktp saya jadi sehari, petugas ramah")
    question = PostFactory(text="jam berapa kantor kelurahan buka hari sabtu?")
    corrected = PostFactory(
        text="mantap pelayanannya", label="negative", corrected=True
    )
    count = posts_rescore(post_ids=[str(p.pk) for p in (praise, question, corrected)])
    assert count == 2
    praise.refresh_from_db()
    question.refresh_from_db()
    assert (praise.label, question.label) == ("positive", "neutral")
    assert praise.model_path == ModelPath.QUALITY
    assert praise.model_version.startswith("quality-")
    assert set(praise.probabilities) == {"negative", "neutral", "positive"}
    assert Post.objects.get(pk=corrected.pk).label == "negative"  # officer's label kept
