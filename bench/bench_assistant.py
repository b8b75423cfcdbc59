# SPDX-License-Identifier: EUPL-1.2
"""Asisten Balai: latency per message in-process (goal p95 <= 50 ms) and the message
endpoint's rate as a ratio to GET /api/v1/ping/.

A fresh SQLite database in a temporary BALAI_VAR_DIR with the shipped catalog and the
~200 demo FAQ entries (the seeder), so the knowledge index is full size. In-process:
``dialogue.respond`` over the project's evaluation messages (each a new conversation,
after one warm-up pass). HTTP: POST /api/v1/assistant/messages through the test
Client (a new conversation per message, as the external evaluation sends them)
against GET ping the same way, with the rate limits off.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from importlib import resources

import serving

TIMEOUT_SECONDS = 300
P95_GOAL_MS = 50.0


def _environment(var_dir: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "BALAI_DATABASE_URL"}
    env.update(
        {
            "BALAI_VAR_DIR": var_dir,
            "BALAI_ENV": "test",
            "BALAI_TASKS_BACKEND": "immediate",
            "BALAI_KEYRING_FILE": os.path.join(var_dir, "keyring.json"),
            "BALAI_LOG_LEVEL": "WARNING",
            "BALAI_ASSISTANT_RATE_LIMIT": "0",
            "DJANGO_SETTINGS_MODULE": "balai.settings",
            **serving.api_rate_env(),
        }
    )
    return env


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run() -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="balai-bench-") as var_dir:
        os.environ.update(_environment(var_dir))
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0, interactive=False)
        from django.test import Client

        from balai.assistant.dialogue import respond
        from balai.assistant.models import FaqEntry
        from balai.assistant.seed import seed_faq
        from balai.core.seeding import make_context

        seed_faq(make_context(residents=1, seed=1, write=print, progress=False))
        data = resources.files("balai.assistant").joinpath("data", "eval.jsonl")
        texts = [json.loads(line)["text"] for line in data.read_text().splitlines()]
        for text in texts:  # warm-up: model, index, caches of the text toolkit
            respond(text)
        timings = []
        for text in texts:
            started = time.perf_counter()
            respond(text)
            timings.append((time.perf_counter() - started) * 1000)
        p50, p95 = statistics.median(timings), _percentile(timings, 0.95)
        faqs = FaqEntry.objects.count()
        rows = [
            {"name": f"respond() p50 ({len(texts)} msgs, {faqs} FAQ)", "value": p50,
             "unit": "ms"},
            {"name": f"respond() p95 (goal <= {P95_GOAL_MS:.0f} ms)", "value": p95,
             "unit": "ms", "ratio": P95_GOAL_MS / p95, "target": 1.0},
        ]  # fmt: skip
        client = Client(HTTP_HOST="localhost")
        ping = serving.in_process_rate(client, serving.PING)
        rows.append(serving.row("in-process GET /api/v1/ping/ (baseline)", ping, ping))
        count, started = 0, time.perf_counter()
        deadline = started + serving.WINDOW_SECONDS
        while time.perf_counter() < deadline:
            response = client.post(
                "/api/v1/assistant/messages",
                {"text": texts[count % len(texts)]},
                content_type="application/json",
            )
            if response.status_code != 200:
                raise RuntimeError(f"assistant answered {response.status_code}")
            count += 1
        rate = count / (time.perf_counter() - started)
        rows.append(
            serving.row("in-process POST /api/v1/assistant/messages", rate, ping)
        )
        return rows
