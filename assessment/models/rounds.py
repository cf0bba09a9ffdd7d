"""The working group's rounds: a period in which organisations share their assessments."""

from django.conf import settings
from django.db import models


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

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Summary of {self.round} ({self.get_status_display()})"
