"""Database sessions that restart their clock only once a few minutes of it have gone by.

Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) writes to the database on
every page anyone opens. Instead a request restarts the clock when at least
SESSION_REFRESH_AFTER seconds have passed since it was last restarted, and `get_expiry_age`
tells the time really left, so the time-out warning (static/js/session-timeout.mjs) stays
truthful.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone


class SessionStore(DatabaseSessionStore):
    expires_at = None  # when the stored session ends, once it has been loaded

    def _get_session_from_db(self):
        stored = super()._get_session_from_db()
        if stored is not None:
            self.expires_at = stored.expire_date
            restarted = stored.expire_date - timedelta(seconds=self.get_session_cookie_age())
            if timezone.now() - restarted >= timedelta(seconds=settings.SESSION_REFRESH_AFTER):
                self.modified = True  # saved at the end of this request, with a new expiry
        return stored

    def get_expiry_age(self, **kwargs) -> int:
        """Seconds left: a full session if this request saves it, else what the stored one has."""
        self._get_session()  # loads it, which may mark it for saving
        if kwargs or self.modified or self.expires_at is None or "_session_expiry" in self:
            return super().get_expiry_age(**kwargs)
        return max(0, round((self.expires_at - timezone.now()).total_seconds()))
