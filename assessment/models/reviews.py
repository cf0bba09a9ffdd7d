"""Peer review: a critical friend from another organisation rates a closed assessment blind,
then both sides agree where the organisation stands."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from principles.models import Principle, Rung

from ..tokens import hash_token, new_token
from .assessments import EVIDENCE_MAX_LENGTH, Assessment


class PositionStatement(models.Model):
    """What the organisation tells its reviewer first, as in a council peer challenge."""

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="position_statement"
    )
    context = models.TextField(
        "about your organisation and this service", max_length=EVIDENCE_MAX_LENGTH
    )
    proud_of = models.TextField("what you are proud of", max_length=EVIDENCE_MAX_LENGTH)
    look_at = models.TextField(
        "what you would like the reviewer to look at", max_length=EVIDENCE_MAX_LENGTH
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Position statement for {self.assessment}"


class PeerReviewQuerySet(models.QuerySet):
    def live(self):
        """Invitations that still grant access: not cancelled, and accepted or not expired."""
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(accepted_at__isnull=False) | models.Q(expires_at__gt=timezone.now())
        )


class PeerReview(models.Model):
    """One reviewer's invitation and, once accepted, their review."""

    LIFETIME = timedelta(days=14)

    class State(models.TextChoices):
        INVITED = "invited", "Invited"
        ACCEPTED = "accepted", "Reviewing"
        SUBMITTED = "submitted", "Review submitted"
        REVOKED = "revoked", "Cancelled"
        EXPIRED = "expired", "Invitation expired"

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="peer_reviews"
    )
    email = models.EmailField("reviewer's email address")
    message = models.TextField("personal message", blank=True, max_length=2000)
    token_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="peer_reviews",
    )
    reviewer_organisation = models.CharField("your organisation", max_length=200, blank=True)
    has_conflict = models.BooleanField("conflict of interest", null=True)
    conflict_details = models.TextField(blank=True, max_length=2000)
    strengths = models.TextField(blank=True, max_length=EVIDENCE_MAX_LENGTH)
    areas_to_develop = models.TextField(blank=True, max_length=EVIDENCE_MAX_LENGTH)
    version = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = PeerReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-invited_at"]

    def __str__(self) -> str:
        return f"Peer review of {self.assessment} by {self.email}"

    @property
    def state(self) -> str:
        if self.revoked_at:
            return self.State.REVOKED
        if self.submitted_at:
            return self.State.SUBMITTED
        if self.accepted_at:
            return self.State.ACCEPTED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.INVITED

    def get_state_display(self) -> str:
        return self.State(self.state).label

    def new_link(self) -> str:
        """A fresh single-use link (replacing any earlier one); returns its token."""
        token, self.token_hash = new_token()
        self.expires_at = timezone.now() + self.LIFETIME
        if self.pk:
            self.save(update_fields=["token_hash", "expires_at"])
        return token

    @classmethod
    def from_token(cls, token: str) -> "PeerReview | None":
        return (
            cls.objects.select_related("assessment__organisation")
            .filter(token_hash=hash_token(token))
            .first()
        )


class PeerRating(models.Model):
    """The reviewer's rung for one principle, with what they saw and one suggestion."""

    review = models.ForeignKey(PeerReview, on_delete=models.CASCADE, related_name="ratings")
    principle = models.ForeignKey(Principle, on_delete=models.PROTECT, related_name="+")
    rung = models.ForeignKey(
        Rung, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    comment = models.TextField("what you saw", blank=True, max_length=EVIDENCE_MAX_LENGTH)
    suggestion = models.TextField("one suggestion", blank=True, max_length=EVIDENCE_MAX_LENGTH)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "principle"], name="one_rating_each"),
        ]

    def __str__(self) -> str:
        return f"{self.review}: {self.principle}"


class AgreedRung(models.Model):
    """Where the organisation and its reviewer agree it stands for one principle."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="agreed_rungs"
    )
    principle = models.ForeignKey(Principle, on_delete=models.PROTECT, related_name="+")
    rung = models.ForeignKey(Rung, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True, max_length=EVIDENCE_MAX_LENGTH)
    review = models.ForeignKey(
        PeerReview,
        on_delete=models.CASCADE,
        related_name="agreed_rungs",
        help_text="The review this position was agreed with.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)
    reviewer_confirmed_at = models.DateTimeField(null=True, blank=True)
    reviewer_dissent = models.TextField(blank=True, max_length=EVIDENCE_MAX_LENGTH)

    class Meta:
        ordering = ["principle__position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "principle"], name="one_agreed_rung"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment}: {self.principle} agreed at {self.rung}"

    @property
    def is_peer_confirmed_gold(self) -> bool:
        return self.rung.is_gold_standard and self.reviewer_confirmed_at is not None
