"""Sessions kept in the database and read through the cache, surviving a cache outage.

Django's cached_db engine already falls back to the database when reading from the
cache fails, but lets errors from filling the cache, checking a new key and deleting
escape, failing the request. Here each of those falls back too, so a Redis outage
costs speed, not sign-ins.
"""

import logging

from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore

logger = logging.getLogger(__name__)


class SessionStore(cached_db.SessionStore):
    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception:
            data = None
        if data is not None:
            return data
        session = self._get_session_from_db()
        if session is None:
            return {}
        data = self.decode(session.session_data)
        try:
            self._cache.set(
                self.cache_key, data, self.get_expiry_age(expiry=session.expire_date)
            )
        except Exception:
            logger.warning("Session cache unavailable: read from the database only")
        return data

    def exists(self, session_key):
        return DatabaseStore.exists(self, session_key)

    def delete(self, session_key=None):
        DatabaseStore.delete(self, session_key)
        session_key = session_key or self.session_key
        if session_key is None:
            return
        try:
            self._cache.delete(self.cache_key_prefix + session_key)
        except Exception:
            logger.warning("Session cache unavailable: deleted from the database only")
