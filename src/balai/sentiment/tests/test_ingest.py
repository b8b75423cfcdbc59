# SPDX-License-Identifier: EUPL-1.2
import pytest

from balai.accounts.tests.factories import UserFactory
from balai.core.errors import BalaiError
from balai.security.models import AuditEntry
from balai.sentiment.constants import Source
from balai.sentiment.models import Post
from balai.sentiment.privacy import pseudonymise
from balai.sentiment.services import posts_ingest

pytestmark = pytest.mark.django_db


def test_ingest_classifies_attributes_and_pseudonymises():
    result = posts_ingest(
        items=[
            {
                "id": "a1",
                "text": "Antre bikin KTP-el di dukcapil dari pagi, jam 12 blm "
                "dipanggil juga. parah 😡",
                "author": "@warga_bdg",
                "time": "2026-11-30T08:00:00+07:00",
                "url": "https://example.org/p/1",
                "engagement": 12,
                "platform": "x",
            }
        ],
        source=Source.API,
    )
    [post] = result.created
    post.refresh_from_db()
    assert post.label == "negative"
    assert post.agency_code == "disdukcapil"
    assert post.service_slug == "ktp-el"
    assert post.author_hash == pseudonymise("warga_bdg", platform="x")
    assert "warga" not in post.author_hash
    assert post.model_version.startswith("fast-")
    assert post.engagement == 12 and post.language == "id"
    assert AuditEntry.objects.filter(action="sentiment.ingest").exists()


def test_resent_rows_are_skipped():
    rows = [{"id": "same", "text": "pelayanan bagus", "platform": "x"}]
    assert len(posts_ingest(items=rows, source=Source.UPLOAD).created) == 1
    again = posts_ingest(items=rows * 2, source=Source.UPLOAD)
    assert again.created == [] and again.duplicates == 2
    assert Post.objects.count() == 1


def test_a_bad_row_rejects_the_batch_and_names_every_bad_row():
    rows = [
        {"text": "ok"},
        {"text": "   "},
        {"text": "x", "time": "kemarin sore"},
        {"text": "y", "url": "javascript:alert(1)"},
        {"text": "z", "engagement": "banyak"},
        {"text": "a" * 5001},
    ]
    with pytest.raises(BalaiError) as caught:
        posts_ingest(items=rows, source=Source.UPLOAD)
    assert set(caught.value.field_errors) == {
        "row 2",
        "row 3",
        "row 4",
        "row 5",
        "row 6",
    }
    assert Post.objects.count() == 0


def test_too_many_rows_are_refused():
    with pytest.raises(BalaiError):
        posts_ingest(items=[{"text": "x"}] * 1001, source=Source.UPLOAD)


def test_citizens_cannot_ingest():
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        posts_ingest(items=[{"text": "x"}], source=Source.API, actor=UserFactory())


def test_quality_rescore_is_enqueued_after_commit(
    settings, django_capture_on_commit_callbacks
):
    settings.SENTIMENT_QUALITY_RESCORE = True
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    from django_tasks import default_task_backend

    with django_capture_on_commit_callbacks(execute=True):
        result = posts_ingest(items=[{"text": "jalan rusak"}], source=Source.API)
    enqueued = default_task_backend.results
    assert [r.task.name for r in enqueued] == ["posts_rescore_task"]
    assert enqueued[0].args == [] or enqueued[0].kwargs["post_ids"] == [
        str(result.created[0].pk)
    ]
