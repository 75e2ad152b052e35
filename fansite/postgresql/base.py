"""Django's PostgreSQL backend with a client-side limit on every wait for the server.

Why not the stock backend alone: libpq's connect_timeout bounds connecting, the server's statement_timeout
bounds a query the server is running, and TCP keepalives / tcp_user_timeout (settings.py) notice a path
that drops packets; but a server or a link that holds the connection open and says nothing (a frozen
process, a stuck proxy, a half-dead NAT) still leaves psycopg waiting for an answer with no end, each
waiting request holds a gunicorn thread, and soon nothing is served. psycopg has no client-side query
timeout, so this one is written here: while a query, the health check, a commit or a rollback waits, a
timer runs; when it fires, the connection's socket is shut down, the wait ends with an OperationalError,
and `DatabaseUnavailableMiddleware` answers the 503 page. Django's CONN_HEALTH_CHECKS replaces the cut
connection at the next request.

The limits come from the database settings: `QUERY_DEADLINE` (seconds, a query, commit or rollback; a
second past the server's statement_timeout, so the server's own cancel normally comes first) and
`HEALTH_CHECK_DEADLINE` (the `SELECT 1` Django runs before a persistent connection's first use in a
request). Either at 0: no limit.
"""

import logging
import os
import socket
import threading
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


@contextmanager
def deadline(raw_connection, seconds):
    """Cut `raw_connection` if the block is still running after `seconds`."""
    if not seconds or raw_connection is None:
        yield
        return
    timer = threading.Timer(seconds, _cut, args=(raw_connection,))
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


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
