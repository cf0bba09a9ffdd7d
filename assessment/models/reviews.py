"""Peer review: a critical friend from another organisation rates a closed assessment blind,
then both sides agree where the organisation stands."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import dateformat, timezone

from principles.models import Principle, Rung

from ..tokens import hash_token, new_token
from .assessments import EVIDENCE_MAX_LENGTH, Assessment
from .audit import AuditEvent
from .touched import Touched, TouchedQuerySet


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

    @property
    def version(self) -> str:
        """What a page showing the statement carries, to notice a save made since (`save_for`)."""
        return self.updated_at.isoformat()

    @classmethod
    @transaction.atomic
    def save_for(cls, assessment, version: str, *, by, **fields) -> bool:
        """Save the assessment's statement if nobody saved it since the page was loaded
        (`version`: its `version` then, or "" if there was none yet); False if someone did.
        Takes the assessment's row lock first, so two admins saving at once save one after
        the other, and the second is told."""
        Assessment.objects.select_for_update().get(pk=assessment.pk)
        statement = cls.objects.filter(assessment=assessment).first()
        if (statement.version if statement else "") != version:
            return False
        statement = statement or cls(assessment=assessment)
        for name, value in fields.items():
            setattr(statement, name, value)
        statement.updated_by = by
        statement.save()
        return True


class ReviewError(Exception):
    """Something the review's state does not allow. `problem` names it for the page shown:
    expired, used, revoked, replaced, wrong_account, unconfirmed, member, closed, duplicate,
    incomplete."""

    def __init__(self, problem: str, message: str = ""):
        super().__init__(message or problem)
        self.problem = problem
        self.message = message or problem


class PeerReviewQuerySet(TouchedQuerySet):
    def live(self):
        """Invitations that still grant access: not cancelled, and accepted or not expired."""
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(accepted_at__isnull=False) | models.Q(expires_at__gt=timezone.now())
        )

    def accepted(self):
        """Reviews a reviewer has taken on and still has: accepted, not cancelled."""
        return self.filter(accepted_at__isnull=False, revoked_at__isnull=True)

    def to_do(self):
        """A reviewer's reviews for their home page (`user.peer_reviews.to_do`): unfinished
        first, in one query. Reviews of an organisation the reviewer has since joined are left
        out, as they can no longer open them."""
        return (
            self.accepted()
            .filter(assessment__status="closed")
            .exclude(assessment__organisation__memberships__user=F("reviewer"))
            .select_related("assessment__organisation")
            .order_by(F("submitted_at").desc(nulls_first=True), "-accepted_at")
        )


class PeerReview(Touched):
    """One reviewer's invitation and, once accepted, their review."""

    LIFETIME = timedelta(days=14)

    class State(models.TextChoices):
        INVITED = "invited", "Invited"
        ACCEPTED = "accepted", "Reviewing"
        SUBMITTED = "submitted", "Review submitted"
        REVOKED = "revoked", "Cancelled"
        DECLINED = "declined", "Declined"
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
    # Declining also sets revoked_at: a declined invitation has ended like a cancelled one.
    declined_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField("reason", blank=True, max_length=1000)

    objects = PeerReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-invited_at"]
        constraints = [
            # One review per assessment and address unless cancelled. Expiry cannot be part of
            # an index's condition, so an expired invitation nobody accepted is cancelled when
            # the address is invited afresh (PeerReview.invite).
            models.UniqueConstraint(
                "assessment",
                Lower("email"),
                condition=Q(revoked_at__isnull=True),
                name="one_live_review_per_address",
            ),
        ]

    def __str__(self) -> str:
        return f"Peer review of {self.assessment} by {self.email}"

    @property
    def state(self) -> str:
        if self.declined_at:
            return self.State.DECLINED
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

    @property
    def expires_on(self) -> str:
        """The day its invitation link stops working, as people write it: "3 March 2027"."""
        return dateformat.format(timezone.localtime(self.expires_at), "j F Y")

    def new_link(self) -> str:
        """A fresh single-use link (replacing any earlier one); returns its token."""
        token, self.token_hash = new_token()
        self.expires_at = timezone.now() + self.LIFETIME
        if self.pk:
            self.save(update_fields=["token_hash", "expires_at"])
        return token

    @classmethod
    def from_token(cls, token: str) -> "PeerReview | None":
        return cls.from_token_hash(hash_token(token))

    @classmethod
    def from_token_hash(cls, token_hash: str) -> "PeerReview | None":
        """The invitation a link opened, from the hash the session keeps (never the token)."""
        return (
            cls.objects.select_related("assessment__organisation", "invited_by")
            .filter(token_hash=token_hash)
            .first()
        )

    # Inviting ------------------------------------------------------------------------------

    @classmethod
    def invite(
        cls, *, assessment: Assessment, email: str, message: str = "", invited_by
    ) -> tuple["PeerReview", str]:
        """Invite a reviewer to a closed assessment; returns the review and its link's token,
        which is never stored. Two invitations of one address at once make one review: the
        other is refused as a duplicate."""
        if assessment.is_open:
            raise ReviewError("closed", "Peer review starts once the assessment is closed.")
        email = email.strip().lower()
        review = cls(assessment=assessment, email=email, message=message, invited_by=invited_by)
        token = review.new_link()
        now = timezone.now()
        try:
            with transaction.atomic():
                cls.objects.filter(
                    assessment=assessment,
                    email__iexact=email,
                    accepted_at__isnull=True,
                    revoked_at__isnull=True,
                    expires_at__lte=now,
                ).update(revoked_at=now)
                review.save()
        except IntegrityError:
            raise ReviewError(
                "duplicate",
                f"{email} has already been invited to review this assessment. Re-send their "
                "invitation instead.",
            ) from None
        AuditEvent.record(
            assessment.organisation,
            AuditEvent.Verb.INVITED,
            f"{email} to review {assessment.title}",
            by=invited_by,
        )
        return review, token

    def decline(self, reason: str = "") -> bool:
        """The person invited says no (with a reason, if they give one); the link stops
        working. False if the invitation had already been accepted, cancelled or expired."""
        now = timezone.now()
        declined = PeerReview.objects.filter(
            pk=self.pk,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now,
        ).update(declined_at=now, revoked_at=now, decline_reason=reason, token_hash=None)
        self.refresh_from_db()
        return bool(declined)

    @transaction.atomic
    def confirm_all(self, *, seen: str) -> list["AgreedRung"] | None:
        """The reviewer confirms every position agreed with them that is waiting for them
        (not those they said they disagree with). `seen` is AgreedRung.fingerprint() when the
        page was loaded: if the positions changed since, nothing is confirmed and None is
        returned. Returns the positions confirmed."""
        Assessment.objects.select_for_update().get(pk=self.assessment_id)
        if AgreedRung.fingerprint(self.assessment_id) != seen:
            return None
        waiting = list(
            AgreedRung.objects.filter(
                review=self, reviewer_confirmed_at__isnull=True, reviewer_dissent=""
            ).select_related("principle", "rung", "review__assessment__organisation")
        )
        AgreedRung.objects.filter(pk__in=[a.pk for a in waiting]).update(
            reviewer_confirmed_at=timezone.now()
        )
        for agreed in waiting:
            agreed.record_confirmation()
        return waiting

    @property
    def can_be_resent(self) -> bool:
        return self.state in (self.State.INVITED, self.State.EXPIRED)

    @property
    def can_be_revoked(self) -> bool:
        return self.state in (self.State.INVITED, self.State.EXPIRED, self.State.ACCEPTED)

    @transaction.atomic
    def resend(self) -> str:
        """A new link for an invitation not yet accepted; the old link stops working."""
        locked = PeerReview.objects.select_for_update().get(pk=self.pk)
        if not locked.can_be_resent:
            raise ReviewError(
                locked.state,
                f"The invitation for {self.email} cannot be sent again: "
                f"{locked.get_state_display().lower()}.",
            )
        token = self.new_link()
        self.refresh_from_db()
        return token

    def revoke(self) -> bool:
        """Cancel the invitation, or take the review away from its reviewer. A submitted
        review stays: it is part of the organisation's record. Returns True if cancelled.

        The link's hash is kept, so someone opening it is told it was cancelled."""
        cancelled = PeerReview.objects.filter(
            pk=self.pk, revoked_at__isnull=True, submitted_at__isnull=True
        ).update(revoked_at=timezone.now())
        self.refresh_from_db()
        return bool(cancelled)

    def is_for(self, user) -> bool:
        return user.is_authenticated and user.email.lower() == self.email.lower()

    def accept(self, user) -> None:
        """Take on the review. Single use: the conditional update claims it only while it is
        unaccepted, so a second accept (even at the same moment) finds nothing to claim. The
        link's hash is kept, so opening the link again says it was used."""
        if not self.is_for(user):
            raise ReviewError("wrong_account", "This invitation was sent to a different address.")
        if not user.has_confirmed_email:
            raise ReviewError("unconfirmed", "Confirm your email address first.")
        if self.assessment.organisation.memberships.filter(user=user).exists():
            raise ReviewError(
                "member",
                f"You are a member of {self.assessment.organisation.name}, so you cannot be its "
                "peer reviewer.",
            )
        if (
            PeerReview.objects.accepted()
            .filter(assessment_id=self.assessment_id, reviewer=user)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ReviewError("used", "You are already reviewing this assessment.")
        token_hash = self.token_hash
        claimed = PeerReview.objects.filter(
            pk=self.pk,
            token_hash=token_hash,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).update(reviewer=user, accepted_at=timezone.now())
        self.refresh_from_db()
        if not claimed:
            if self.state == self.State.INVITED and self.token_hash != token_hash:
                raise ReviewError("replaced", "A newer invitation has been sent.")
            problem = {
                self.State.REVOKED: "revoked",
                self.State.EXPIRED: "expired",
            }.get(self.state, "used")
            raise ReviewError(problem, "This invitation can no longer be used.")

    # Reviewing -----------------------------------------------------------------------------

    @property
    def is_editable(self) -> bool:
        return self.accepted_at is not None and not self.submitted_at and not self.revoked_at

    @property
    def has_declared(self) -> bool:
        """The reviewer has named their organisation and answered the conflict question."""
        return bool(self.reviewer_organisation) and self.has_conflict is not None

    @transaction.atomic
    def _save(self, version: int, **fields) -> int | None:
        """Save `fields` if nobody saved the review since `version` was read; return the new
        version, or None if the page was stale or the review can no longer change."""
        changed = PeerReview.objects.filter(
            pk=self.pk,
            version=version,
            accepted_at__isnull=False,
            submitted_at__isnull=True,
            revoked_at__isnull=True,
        ).update(version=F("version") + 1, **fields)
        self.refresh_from_db()
        return self.version if changed else None

    def save_about_you(
        self, version: int, *, organisation: str, has_conflict: bool, conflict_details: str
    ) -> int | None:
        return self._save(
            version,
            reviewer_organisation=organisation,
            has_conflict=has_conflict,
            conflict_details=conflict_details if has_conflict else "",
        )

    def save_feedback(self, version: int, *, strengths: str, areas_to_develop: str) -> int | None:
        return self._save(version, strengths=strengths, areas_to_develop=areas_to_develop)

    @transaction.atomic
    def save_rating(
        self,
        version: int,
        *,
        principle: Principle,
        rung: Rung | None,
        comment: str,
        suggestion: str,
    ) -> int | None:
        """Rate one principle, under the same version check as the rest of the review."""
        if rung is not None and rung.framework_id != principle.framework_id:
            raise ValueError("The rung must come from the principle's framework.")
        new_version = self._save(version)
        if new_version is None:
            return None
        PeerRating.objects.update_or_create(
            review=self,
            principle=principle,
            defaults={"rung": rung, "comment": comment, "suggestion": suggestion},
        )
        return new_version

    def missing(self) -> list[str]:
        """What must be done before the review can be submitted (empty when it can)."""
        missing = []
        if not self.has_declared:
            missing.append("About you: your organisation and any conflict of interest")
        rated = PeerRating.objects.filter(review=self, rung__isnull=False).values("principle_id")
        missing += [
            f"A rung for {name.lower()}"
            for name in Principle.objects.filter(framework_id=self.assessment.framework_id)
            .exclude(pk__in=rated)
            .values_list("name", flat=True)
        ]
        return missing

    @transaction.atomic
    def submit(self) -> bool:
        """Submit once: a double click or a second tab changes nothing. Returns True if this
        call submitted the review; raises ReviewError if something is missing."""
        locked = PeerReview.objects.select_for_update().get(pk=self.pk)
        if locked.submitted_at or locked.revoked_at:
            self.refresh_from_db()
            return False
        if missing := locked.missing():
            raise ReviewError("incomplete", "; ".join(missing))
        submitted = PeerReview.objects.filter(
            pk=self.pk, submitted_at__isnull=True, revoked_at__isnull=True
        ).update(submitted_at=timezone.now(), version=F("version") + 1)
        self.refresh_from_db()
        return bool(submitted)

    # Agreeing ------------------------------------------------------------------------------

    @transaction.atomic
    def agree(self, positions: dict, *, by, seen: str) -> list["AgreedRung"] | None:
        """Record where the organisation and this (submitted) reviewer agree it stands.

        `positions` maps each principle to (rung or None, note); None removes a position.
        `seen` is AgreedRung.fingerprint() when the form was loaded: if the positions changed
        since, nothing is saved and None is returned. Returns the positions that changed; a
        changed position loses the reviewer's confirmation or reservation, and needs them to
        look at it again.
        """
        if not self.submitted_at:
            raise ReviewError("incomplete", "The reviewer has not submitted their review yet.")
        Assessment.objects.select_for_update().get(pk=self.assessment_id)
        if AgreedRung.fingerprint(self.assessment_id) != seen:
            return None
        existing = {
            a.principle_id: a
            for a in AgreedRung.objects.filter(assessment_id=self.assessment_id).select_related(
                "principle", "rung"
            )
        }
        changed = []
        for principle, (rung, note) in positions.items():
            agreed = existing.get(principle.pk)
            if rung is None:
                if agreed:
                    agreed.delete()
                continue
            if agreed and agreed.rung_id == rung.pk and agreed.note == note:
                continue
            if agreed is None:
                agreed = AgreedRung(assessment_id=self.assessment_id, principle=principle)
            agreed.rung = rung
            agreed.note = note
            agreed.review = self
            agreed.recorded_by = by
            # The reviewer's confirmation or reservation was about the old position.
            agreed.reviewer_confirmed_at = None
            agreed.reviewer_dissent = ""
            agreed.save()
            changed.append(agreed)
        organisation = self.assessment.organisation
        for agreed in changed:
            AuditEvent.record(
                organisation,
                AuditEvent.Verb.AGREED,
                f"{agreed.principle.name} at rung {agreed.rung.position}, {agreed.rung.name}, "
                f"in {self.assessment.title}",
                by=by,
            )
        return changed


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


class AgreedRung(Touched):
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
    def version(self) -> str:
        """What a page showing this position carries, to notice a change made since: the
        reviewer confirms or answers the position as it was then (`confirm`, `dissent`)."""
        return self.recorded_at.isoformat()

    @classmethod
    def fingerprint(cls, assessment_id: int) -> str:
        """A short digest of an assessment's agreed positions, to notice that someone else
        changed them while a form was open (AgreedRung has no version field)."""
        return cls.fingerprint_of(cls.objects.filter(assessment_id=assessment_id))

    @staticmethod
    def fingerprint_of(positions) -> str:
        """The same digest, of an assessment's positions already loaded."""
        text = "|".join(
            f"{a.principle_id}:{a.rung_id}:{a.note}:{a.reviewer_confirmed_at}"
            for a in sorted(positions, key=lambda a: a.principle_id)
        )
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def confirm(self, *, seen_at) -> bool:
        """The reviewer agrees with this position as recorded at `seen_at` (its recorded_at
        when their page was loaded). False if it has changed since."""
        confirmed = AgreedRung.objects.filter(pk=self.pk, recorded_at=seen_at).update(
            reviewer_confirmed_at=timezone.now(), reviewer_dissent=""
        )
        self.refresh_from_db()
        if confirmed:
            self.record_confirmation()
        return bool(confirmed)

    def record_confirmation(self) -> None:
        review = self.review
        AuditEvent.record(
            review.assessment.organisation,
            AuditEvent.Verb.CONFIRMED,
            f"{self.principle.name} at rung {self.rung.position}, {self.rung.name}, in "
            f"{review.assessment.title}",
            by=review.reviewer,
            by_name=review.email,
        )

    def dissent(self, text: str, *, seen_at) -> bool:
        """The reviewer does not agree, and says why; any earlier confirmation is withdrawn."""
        changed = AgreedRung.objects.filter(pk=self.pk, recorded_at=seen_at).update(
            reviewer_dissent=text, reviewer_confirmed_at=None
        )
        self.refresh_from_db()
        return bool(changed)
