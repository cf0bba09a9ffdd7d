"""What happened in an organisation, who did it and when: an append-only record its admins read.

Events are written by the model methods that carry out the actions (never by views), inside the
same transaction, so the record cannot miss an action or show one that was undone.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models


class AuditEvent(models.Model):
    class Verb(models.TextChoices):
        INVITED = "invited", "Invited"
        ENTERED_ON_PAPER = "entered_on_paper", "Entered from paper"
        SUBMITTED = "submitted", "Submitted"
        REOPENED = "reopened", "Reopened"
        CLOSED = "closed", "Closed"
        SHARED = "shared", "Shared"
        STOPPED_SHARING = "stopped_sharing", "Stopped sharing"
        AGREED = "agreed", "Agreed"
        CONFIRMED = "confirmed", "Confirmed"
        CHANGED_ROLE = "changed_role", "Changed a role"
        REMOVED = "removed", "Removed"
        EXPORTED = "exported", "Exported"
        DELETED = "deleted", "Deleted"
        JOINED = "joined", "Joined"

    # Kept when the organisation is deleted (its last event says so), without anything else.
    organisation = models.ForeignKey(
        "assessment.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        related_name="audit_events",
    )
    organisation_name = models.CharField(max_length=200)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Who did it, in words, as it was then: someone with a personal link has no account.
    actor_name = models.CharField(max_length=200)
    verb = models.CharField(max_length=20, choices=Verb)
    subject = models.CharField(max_length=300, help_text="What it was done to, in words.")
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_verb_display()} {self.subject}"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("Audit events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Audit events are never deleted one by one.")

    @classmethod
    def record(cls, organisation, verb: str, subject: str, *, by=None, by_name: str = ""):
        """Note that `by` (a user) or `by_name` (someone without an account) did `verb`."""
        return cls.objects.create(
            organisation=organisation,
            organisation_name=organisation.name,
            actor=by if by is not None and by.is_authenticated else None,
            actor_name=(by.name if by is not None and by.is_authenticated else by_name)[:200]
            or "Someone",
            verb=verb,
            subject=str(subject)[:300],
        )
