"""A real SMTP server for tests: aiosmtpd on 127.0.0.1, on a port the system picks (port 0).

It can be run in this process (a thread with its own event loop: the `smtp_server` fixture) or as a child
process (`python -m tests.smtp_server <file>`: prints its port, appends each message to the file as one JSON
line), for tests that kill and restart the worker around it.
"""

import asyncio
import email
import email.policy
import json
import sys
import threading

from aiosmtpd.smtp import SMTP


class Collector:
    """aiosmtpd handler: keeps every accepted message; `refuse` makes it answer 451 (mail "down")."""

    def __init__(self, path=None):
        self.messages = []
        self.refuse = False
        self.path = path
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "451 4.3.0 Try again later"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append((envelope.rcpt_tos, message))
            if self.path:
                with open(self.path, "a", encoding="utf-8") as out:
                    out.write(json.dumps({"to": envelope.rcpt_tos, "subject": str(message["Subject"])}) + "\n")
        return "250 OK"


class SMTPTestServer:
    def __init__(self, path=None):
        self.handler = Collector(path)
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        asyncio.set_event_loop(self.loop)
        self.server = self.loop.run_until_complete(
            self.loop.create_server(lambda: SMTP(self.handler, hostname="localhost"), "127.0.0.1", 0)
        )
        self.port = self.server.sockets[0].getsockname()[1]
        self.ready.set()
        self.loop.run_forever()

    def start(self):
        self.thread.start()
        self.ready.wait(10)
        return self

    def stop(self):
        def close():
            self.server.close()
            self.loop.stop()

        self.loop.call_soon_threadsafe(close)
        self.thread.join(10)

    @property
    def messages(self):
        return self.handler.messages


if __name__ == "__main__":
    server = SMTPTestServer(path=sys.argv[1]).start()
    print(server.port, flush=True)
    server.thread.join()
