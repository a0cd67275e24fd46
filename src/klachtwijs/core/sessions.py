"""Django's database sessions, read from this process's memory while no session changed
(issue 18; settings SESSION_ENGINE).

Every staff page read its session row: one query per request. Here the row (its signed data and
expiry date) is kept in the worker's memory under the version `SESSIONS` (core/cache.py), which
any session save or delete replaces after commit. So a sign-out, a sign-in, the idle clock's
write or a second factor confirmed in one worker is seen by every other worker at its next
request, exactly as with the plain database engine; the expiry date is checked on every read.
Sessions stay in the database (the source of truth, shared by all workers); only the read is
spared.
"""

from django.contrib.sessions.backends.db import SessionStore as DbSessionStore
from django.utils import timezone

from klachtwijs.core.cache import in_request, local_cached, version_replace

SESSIONS = "core:sessions"


class SessionStore(DbSessionStore):
    def _row(self) -> tuple[str, object] | None:
        found = self._get_session_from_db()
        return (found.session_data, found.expire_date) if found is not None else None

    def load(self) -> dict:
        key = self.session_key
        if key is None or not in_request():
            return super().load()
        row = local_cached(SESSIONS, key, self._row, keep=lambda r: r is not None)
        if row is None:
            self._session_key = None
            return {}
        data, expire_date = row
        if expire_date <= timezone.now():
            self._session_key = None
            return {}
        return self.decode(data)

    def save(self, must_create: bool = False) -> None:
        super().save(must_create=must_create)
        version_replace(SESSIONS)

    def delete(self, session_key: str | None = None) -> None:
        super().delete(session_key)
        version_replace(SESSIONS)

    @classmethod
    def clear_expired(cls) -> None:
        super().clear_expired()
        version_replace(SESSIONS)
