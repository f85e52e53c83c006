"""A tiny SMTP server on 127.0.0.1 that keeps what it receives (tests only)."""

from __future__ import annotations

import socketserver
import threading
import time
from email import message_from_bytes
from email.message import Message
from typing import Any


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        sink: SmtpSink = self.server.sink  # type: ignore[attr-defined]
        self._say("220 sink ready")
        while line := self.rfile.readline():
            command = line.decode("ascii", "replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self._say("250 sink")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self._say("250 ok")
            elif command == "DATA":
                self._say("354 end with <CRLF>.<CRLF>")
                body = bytearray()
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    body += chunk[1:] if chunk.startswith(b"..") else chunk
                sink.messages.append(message_from_bytes(bytes(body)))
                self._say("250 queued")
            elif command == "QUIT":
                self._say("221 bye")
                return
            else:
                self._say("502 not here")

    def _say(self, text: str) -> None:
        self.wfile.write(text.encode("ascii") + b"\r\n")


class SmtpSink:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.sink = self  # type: ignore[attr-defined]
        self.url = f"smtp://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> SmtpSink:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def wait_for(self, count: int, seconds: float = 5.0) -> list[Message]:
        deadline = time.monotonic() + seconds
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages
