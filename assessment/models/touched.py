"""An `updated_at` that every kind of write keeps true, so fingerprints of what a report shows
(`StoredReport.fingerprint_of`) change whenever the rows behind it do."""

from django.db import models
from django.utils import timezone


class TouchedQuerySet(models.QuerySet):
    def update(self, **fields) -> int:
        """A bulk update touches the rows too: many domain actions are conditional UPDATEs."""
        fields.setdefault("updated_at", timezone.now())
        return super().update(**fields)


class Touched(models.Model):
    updated_at = models.DateTimeField(auto_now=True)

    objects = TouchedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs) -> None:
        # `auto_now` sets the field on every save, but `update_fields` would leave it unwritten.
        if update_fields:
            update_fields = {*update_fields, "updated_at"}
        super().save(*args, update_fields=update_fields, **kwargs)
