# SPDX-License-Identifier: EUPL-1.2
import pytest

from balai.assistant.knowledge import index
from balai.assistant.models import FaqEntry
from balai.assistant.seed import seed_faq
from balai.core.seeding import make_context, seeders


@pytest.mark.django_db(transaction=True)
def test_the_demo_seeds_200_bilingual_faq_entries_once():
    assert "assistant" in [name for name, _seeder in seeders()]
    lines: list[str] = []
    context = make_context(residents=1, seed=1, write=lines.append, progress=False)
    seed_faq(context)
    entries = FaqEntry.objects.all()
    assert entries.count() >= 200
    assert not entries.filter(question_en="").exists()
    assert not entries.filter(answer_en="").exists()
    assert entries.values("question_id").distinct().count() == entries.count()
    hits = index.current().search("apakah kantor buka jam berapa", kind="faq")
    assert hits
    seed_faq(context)  # idempotent
    assert FaqEntry.objects.count() == entries.count()
    assert "FAQ entries added" in lines[0]
