# SPDX-License-Identifier: EUPL-1.2
"""Local servers for the gateway tests: HTTP and SMTP on 127.0.0.1, no network."""

from __future__ import annotations

import json
import socketserver
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from balai.notifications.tests.doubles import FlakyBackend


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def flaky(settings):
    """Route every channel through FlakyBackend (errors queued with .reset)."""
    settings.NOTIFICATIONS = {
        **settings.NOTIFICATIONS,
        "email": "balai.notifications.tests.doubles.FlakyBackend",
        "sms": "balai.notifications.tests.doubles.FlakyBackend",
        "whatsapp": "balai.notifications.tests.doubles.FlakyBackend",
        "max_attempts": 3,
    }
    FlakyBackend.reset()
    return FlakyBackend


@dataclass
class Gateway:
    """A fake SMS/WhatsApp gateway: answers ``status`` with ``answer``."""

    url: str
    status: int = 200
    answer: dict[str, Any] = field(default_factory=lambda: {"id": "gw-1"})
    requests: list[dict[str, Any]] = field(default_factory=list)


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    state = Gateway(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            state.requests.append(
                {
                    "path": self.path,
                    "authorization": self.headers.get("Authorization"),
                    "json": json.loads(self.rfile.read(length)),
                }
            )
            payload = json.dumps(state.answer).encode()
            self.send_response(state.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/send"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class SmtpSink:
    """A minimal SMTP server: ``rcpt_reply`` lets a test refuse the recipient."""

    port: int = 0
    rcpt_reply: str = "250 OK"
    messages: list[dict[str, Any]] = field(default_factory=list)


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    sink = SmtpSink()

    class Handler(socketserver.StreamRequestHandler):
        def reply(self, line: str) -> None:
            self.wfile.write(line.encode() + b"\r\n")

        def handle(self) -> None:
            self.reply("220 sink ESMTP")
            envelope: dict[str, Any] = {"rcpt": []}
            while line := self.rfile.readline().decode().rstrip("\r\n"):
                verb = line.split(" ", 1)[0].upper()
                if verb in {"EHLO", "HELO"}:
                    self.reply("250 sink")
                elif verb == "MAIL":
                    envelope["from"] = line
                    self.reply("250 OK")
                elif verb == "RCPT":
                    envelope["rcpt"].append(line)
                    self.reply(sink.rcpt_reply)
                elif verb == "DATA":
                    self.reply("354 go ahead")
                    data = []
                    while (chunk := self.rfile.readline().decode()) not in {
                        ".\r\n",
                        "",
                    }:
                        data.append(chunk)
                    sink.messages.append({**envelope, "data": "".join(data)})
                    envelope = {"rcpt": []}
                    self.reply("250 queued")
                elif verb == "RSET":
                    envelope = {"rcpt": []}
                    self.reply("250 OK")
                elif verb == "QUIT":
                    self.reply("221 bye")
                    return
                else:
                    self.reply("502 not implemented")

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    sink.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield sink
    finally:
        server.shutdown()
        server.server_close()
