"""Django's SQLite backend, which keeps the query planner's statistics up to date: `PRAGMA optimize` as each
connection closes, as SQLite advises (https://sqlite.org/lang_analyze.html, "Recommended usage pattern").

Why: without statistics (`ANALYZE` never run: nothing runs it on its own, unlike PostgreSQL's autovacuum)
SQLite guessed that the past archive's page, `WHERE <published, past> AND id IN (<that page's 21 keys>)`,
was best read through the (is_published, starts_at) index, and walked every past concert to keep 21: at
10,000 concerts page 50 took 9.6 ms, 8.8 ms once the planner knew to read the 21 keys. `PRAGMA optimize`
analyses only the tables whose indexes this connection's queries used and that lack statistics or have
grown much since; otherwise it does nothing. A served connection is closed at the start or end of the
first request after it is CONN_MAX_AGE seconds old (settings.py: 60 by default; runserver closes its
connections after each request), so under traffic the statistics follow the data within about a minute,
and a closing connection pays for it at most that often.

Bounded: the analysis reads at most ANALYSIS_LIMIT rows of each index (`analysis_limit`: approximate
statistics, which is all the planner needs), and it does not wait for a lock (`busy_timeout` 0): while
another connection writes, this one closes at once and a later one analyses. Such a failure, or a
read-only file, never stops the connection from closing, and is logged at debug level only (a read-only
file would otherwise log it on every request).
"""

import logging

from django.db import DatabaseError
from django.db.backends.sqlite3 import base

logger = logging.getLogger(__name__)


ANALYSIS_LIMIT = 1000


class DatabaseWrapper(base.DatabaseWrapper):
    def _close(self):
        if self.connection is not None and not self.is_in_memory_db():
            try:
                with self.wrap_database_errors:
                    self.connection.execute("PRAGMA busy_timeout = 0")
                    self.connection.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
                    self.connection.execute("PRAGMA optimize")
            except DatabaseError:
                logger.debug("PRAGMA optimize did not run", exc_info=True)
        super()._close()
