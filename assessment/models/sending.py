"""Counts of emails sent, per person, organisation and address, for the limits in
assessment/email_limits.py."""

from django.db import models, transaction
from django.db.models import F


class EmailCountQuerySet(models.QuerySet):
    def take(self, counts: list[tuple[str, object, int, int]]):
        """Add each (key, window_ends_at, n, limit) to its counter, all or none: returns None
        if every counter stays within its limit, else the first (key, window_ends_at, n,
        limit) that would not, having added nothing.

        A conditional UPDATE adds to a counter, so two requests at once cannot both take the
        last one (the database cache's incr() could). Counters are taken in key order, so two
        requests never wait for each other's rows the other way round."""
        full = None
        with transaction.atomic():
            self.bulk_create(
                [self.model(key=key, window_ends_at=ends) for key, ends, _n, _limit in counts],
                ignore_conflicts=True,
            )
            for count in sorted(counts, key=lambda count: count[0]):
                key, ends, n, limit = count
                if not self.filter(key=key, window_ends_at=ends, count__lte=limit - n).update(
                    count=F("count") + n
                ):
                    full = count
                    transaction.set_rollback(True)
                    break
        return full

    def give_back(self, counts: list[tuple[str, object, int, int]]) -> None:
        """Undo take(), when nothing was sent after all."""
        for key, ends, n, _limit in counts:
            self.filter(key=key, window_ends_at=ends, count__gte=n).update(count=F("count") - n)


class EmailCount(models.Model):
    """How many emails one sender (or to one address) in one window: a day, or a minute."""

    key = models.CharField(max_length=100)
    window_ends_at = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    objects = EmailCountQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_ends_at"], name="one_count_per_window")
        ]

    def __str__(self) -> str:
        return f"{self.key} until {self.window_ends_at}: {self.count}"
