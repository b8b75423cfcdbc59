# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import factory

from balai.assistant.models import FaqEntry


class FaqEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FaqEntry

    question_id = "Apakah kantor buka hari Sabtu?"
    question_en = "Is the office open on Saturday?"
    answer_id = "Kantor pelayanan buka Senin sampai Jumat."
    answer_en = "The service office is open Monday to Friday."
    service_slug = ""
    intent = "how_to_apply"
    keywords = "jam buka sabtu"
