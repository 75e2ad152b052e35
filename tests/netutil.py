"""Loopback-only network helpers for tests: free ports, a stoppable TCP forwarder, a silent server."""

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


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
    """Forwards 127.0.0.1:port to a target; stop() cuts every connection, as a database outage would;
    freeze() keeps every connection open but passes nothing either way (a hung server or a dead network
    path) until thaw()."""

    def __init__(self, target_host, target_port, port=None):
        self.target = (target_host, int(target_port))
        self.port = port or free_port()
        self._sockets = []
        self._listener = None
        self._flowing = threading.Event()
        self._flowing.set()

    def freeze(self):
        self._flowing.clear()

    def thaw(self):
        self._flowing.set()

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

    def _pump(self, source, sink):
        try:
            while data := source.recv(65536):
                self._flowing.wait()
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


@contextmanager
def gunicorn(**env):
    """The production server (fansite/gunicorn.conf.py, one worker) on a free loopback port, with `env`
    over this environment (without its DATABASE_URL, DEBUG and REDIS_URL); yields its base URL."""
    port = free_port()
    environment = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "REDIS_URL"}},
        "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1", "GUNICORN_LOG_LEVEL": "warning",
        "ALLOWED_HOSTS": "127.0.0.1", "DJANGO_SETTINGS_MODULE": "fansite.settings",
        **env,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "fansite/gunicorn.conf.py", "fansite.wsgi"],
        cwd=PROJECT_ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
