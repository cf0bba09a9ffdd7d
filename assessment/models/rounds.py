"""The working group's rounds: a period in which organisations share their assessments."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

STALLED_MESSAGE = (
    "The summary stopped part-way through being built, so it could not be finished. "
    "Please ask for a new one."
)


class Round(models.Model):
    name = models.CharField(max_length=120, help_text="For example: London 2027.")
    starts_on = models.DateField()
    ends_on = models.DateField()
    description = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        permissions = [
            ("view_working_group", "Can see the working group's dashboards and summaries"),
        ]

    def __str__(self) -> str:
        return self.name


def _stalled_before():
    """Heartbeats older than this are a dead worker's: a living one beats after every part."""
    return timezone.now() - timedelta(seconds=settings.ROUND_SUMMARY_STALL_SECONDS)


OUT_OF_DATE = (
    "This summary is out of date: an organisation has stopped sharing its results with the "
    "working group, moved them to another round, or left Coprod. Ask for a new summary."
)


class RoundSummaryQuerySet(models.QuerySet):
    def make_out_of_date(self) -> int:
        """Summaries that include results no longer shared are never handed out again."""
        return self.exclude(status=RoundSummary.Status.FAILED).update(
            status=RoundSummary.Status.FAILED, pdf=None, error=OUT_OF_DATE
        )

    def stalled(self):
        """Summaries being built whose worker has made no progress for
        settings.ROUND_SUMMARY_STALL_SECONDS: it died (killed, out of memory, the machine
        restarted), as a living one notes progress after every part of the PDF."""
        return self.filter(status=RoundSummary.Status.RUNNING).filter(
            models.Q(heartbeat_at__lt=_stalled_before()) | models.Q(heartbeat_at__isnull=True)
        )

    def fail_stalled(self) -> int:
        """Mark stalled summaries failed, so the working group can ask for a new one. A worker
        that was only slow finds its summary no longer running and leaves it alone."""
        return self.stalled().update(
            status=RoundSummary.Status.FAILED,
            pdf=None,
            error=STALLED_MESSAGE,
            finished_at=timezone.now(),
        )


class RoundSummary(models.Model):
    """A round summary PDF, built in the background because it can cover many organisations."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being built"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="summaries")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    organisations_done = models.PositiveIntegerField(default=0)
    organisations_total = models.PositiveIntegerField(default=0)
    pdf = models.BinaryField(null=True, editable=False)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="When the worker building it last made progress."
    )

    objects = RoundSummaryQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Summary of {self.round} ({self.get_status_display()})"

    @property
    def has_failed(self) -> bool:
        """Failed, or stalled and not yet marked so: pages show both as failed."""
        if self.status == self.Status.FAILED:
            return True
        return self.status == self.Status.RUNNING and (
            self.heartbeat_at is None or self.heartbeat_at < _stalled_before()
        )
