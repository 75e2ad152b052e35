"""Django's PostgreSQL backend with a client-side limit on every wait for the server.

Why not the stock backend alone: libpq's connect_timeout bounds connecting, the server's statement_timeout
bounds a query the server is running, and TCP keepalives / tcp_user_timeout (settings.py) notice a path
that drops packets; but a server or a link that holds the connection open and says nothing (a frozen
process, a stuck proxy, a half-dead NAT) still leaves psycopg waiting for an answer with no end, each
waiting request holds a gunicorn thread, and soon nothing is served. psycopg has no client-side query
timeout, so this one is written here: while a query, the health check, a commit or a rollback waits, its
deadline is registered with one watchdog thread per process; if the deadline passes first, the
connection's socket is shut down, the wait ends with an OperationalError, and
`DatabaseUnavailableMiddleware` answers the 503 page. Django's CONN_HEALTH_CHECKS replaces the cut
connection at the next request.

One watchdog thread, not a `threading.Timer` per query: a timer starts and stops a thread around every
query, which cost more CPU than the query itself in bulk work (a 1,000-row spreadsheet import ran some
58,000 queries, so 58,000 threads). Registering a deadline is a dictionary entry under a lock.

The limits come from the database settings: `QUERY_DEADLINE` (seconds, a query, commit or rollback; a
second past the server's statement_timeout, so the server's own cancel normally comes first) and
`HEALTH_CHECK_DEADLINE` (the `SELECT 1` Django runs before a persistent connection's first use in a
request). Either at 0: no limit.
"""

import itertools
import logging
import os
import socket
import threading
import time
from contextlib import contextmanager

from django.db.backends.postgresql import base

logger = logging.getLogger(__name__)


def _cut(raw_connection):
    """Shut the connection's socket down, so that whoever waits on it gets an error at once."""
    try:
        duplicate = socket.socket(fileno=os.dup(raw_connection.pgconn.socket))
    except Exception:  # already closed
        return
    logger.error("Database did not answer in time: connection cut")
    try:
        duplicate.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        duplicate.close()


class Watchdog:
    """One daemon thread that cuts every registered connection still waiting when its deadline passes."""

    def __init__(self):
        self._reset()
        os.register_at_fork(after_in_child=self._reset)  # a forked worker starts its own thread

    def _reset(self):
        self._condition = threading.Condition()
        self._waits = {}  # token -> (due, raw connection)
        self._tokens = itertools.count()
        self._wakes_at = None  # when the thread wakes next (None: when told)
        self._thread = None

    def watch(self, raw_connection, seconds):
        """Register a wait; returns the token that `release` takes when the wait is over."""
        due = time.monotonic() + seconds
        with self._condition:
            token = next(self._tokens)
            self._waits[token] = (due, raw_connection)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="database-deadlines", daemon=True)
                self._thread.start()
            elif self._wakes_at is None or due < self._wakes_at:
                self._condition.notify()
        return token

    def release(self, token):
        with self._condition:
            self._waits.pop(token, None)

    def _run(self):
        condition = self._condition
        while True:
            with condition:
                now = time.monotonic()
                overdue = [token for token, (due, _) in self._waits.items() if due <= now]
                cut = [self._waits.pop(token)[1] for token in overdue]
                self._wakes_at = min((due for due, _ in self._waits.values()), default=None)
                if not cut:
                    condition.wait(None if self._wakes_at is None else self._wakes_at - now)
            for raw_connection in cut:
                _cut(raw_connection)


watchdog = Watchdog()


@contextmanager
def deadline(raw_connection, seconds):
    """Cut `raw_connection` if the block is still running after `seconds`."""
    if not seconds or raw_connection is None:
        yield
        return
    token = watchdog.watch(raw_connection, seconds)
    try:
        yield
    finally:
        watchdog.release(token)


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.execute_wrappers.append(self._within_deadline)

    @property
    def query_deadline(self):
        return self.settings_dict.get("QUERY_DEADLINE", 0)

    def _within_deadline(self, execute, sql, params, many, context):
        with deadline(self.connection, self.query_deadline):
            return execute(sql, params, many, context)

    def is_usable(self):
        with deadline(self.connection, self.settings_dict.get("HEALTH_CHECK_DEADLINE", 0)):
            return super().is_usable()

    def _commit(self):
        with deadline(self.connection, self.query_deadline):
            return super()._commit()

    def _rollback(self):
        with deadline(self.connection, self.query_deadline):
            return super()._rollback()
