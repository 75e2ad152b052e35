"""Loopback-only network helpers for tests: free ports, a stoppable TCP forwarder, a silent server."""

import socket
import threading
import time
import urllib.error
import urllib.request


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


def http_get(url, timeout=15):
    """(status, headers, body) without raising on 4xx/5xx."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class TcpForwarder:
    """Forwards 127.0.0.1:port to a target; stop() cuts every connection, as a database outage would."""

    def __init__(self, target_host, target_port, port=None):
        self.target = (target_host, int(target_port))
        self.port = port or free_port()
        self._sockets = []
        self._listener = None

    def start(self):
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", self.port))
        self._listener.listen()
        threading.Thread(target=self._accept, args=(self._listener,), daemon=True).start()
        return self

    def stop(self):
        for sock in [self._listener, *self._sockets]:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        self._sockets.clear()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self._sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


class SilentServer:
    """Accepts TCP connections and never answers: a database host that hangs."""

    def __init__(self):
        self.port = free_port()
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", self.port))
        self._listener.listen(64)
        self._held = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            self._held.append(conn)

    def close(self):
        for sock in [self._listener, *self._held]:
            sock.close()


def postgres_url(database, port=None):
    """A PostgreSQL URL on 127.0.0.1 for `database`, with the credentials of DATABASE_URL when the suite
    runs on PostgreSQL (CI may need a password), else the local trust login."""
    import os
    from urllib.parse import urlsplit

    current = os.environ.get("DATABASE_URL", "")
    user = "postgres"
    if current.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(current)
        user = parts.username or user
        if parts.password:
            user = f"{user}:{parts.password}"
    return f"postgres://{user}@127.0.0.1:{port or 5432}/{database}"


def postgres_answers(port=5432):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False
