"""Organisations, the people in them, and invitations to join."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from principles.models import CaseStudy

from ..tokens import hash_token, new_token
from .audit import AuditEvent
from .touched import Touched, TouchedQuerySet


class OrganisationQuerySet(TouchedQuerySet):
    def willing_to_review(self, *, kind: str = "", area: str = ""):
        """Organisations that offer to peer review others: of `kind` of organisation, and in
        `area`, if given."""
        willing = self.filter(willing_to_review=True)
        if kind:
            # The list is stored as JSON text: match the quoted value, on SQLite and PostgreSQL.
            willing = willing.filter(review_kinds__icontains=f'"{kind}"')
        if area:
            # Only the areas they named; naming none means anywhere.
            willing = willing.filter(Q(review_areas__icontains=area) | Q(review_areas=""))
        return willing


class Organisation(Touched):
    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        NHS = "nhs", "NHS or health body"
        CHARITY = "charity", "Charity"
        COMMUNITY_GROUP = "community_group", "Community group"
        INFRASTRUCTURE = "infrastructure", "Infrastructure body or CVS"
        SOCIAL_ENTERPRISE = "social_enterprise", "Social enterprise"
        BUSINESS = "business", "Business"
        OTHER = "other", "Other"

    class Size(models.TextChoices):
        MICRO = "micro", "Fewer than 10 staff and volunteers"
        SMALL = "small", "10 to 49"
        MEDIUM = "medium", "50 to 249"
        LARGE = "large", "250 or more"

    name = models.CharField(max_length=200)
    kind = models.CharField("type of organisation", max_length=20, choices=Kind)
    area = models.CharField(
        "area or borough", max_length=120, help_text="Where you mainly work, e.g. Hackney."
    )
    size = models.CharField("size", max_length=10, choices=Size)
    # The case-study library's list of sectors, so "organisations like yours" and "studies
    # from your sector" mean the same. Blank until the organisation says: older ones never did.
    sector = models.CharField(max_length=20, choices=CaseStudy.Sector, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Mutuality: organisations that will review others in return.
    willing_to_review = models.BooleanField("willing to review other organisations", default=False)
    review_kinds = models.JSONField(
        "types of organisation you could review", default=list, blank=True
    )
    review_areas = models.CharField("areas you could review in", max_length=200, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisation", args=[self.pk])

    @transaction.atomic
    def create_with_admin(self, user) -> "Organisation":
        """Save a new organisation with the person who created it as its first admin."""
        self.save()
        Membership.objects.create(organisation=self, user=user, role=Membership.Role.ADMIN)
        return self

    def what_it_holds(self) -> dict:
        """Counts of what deleting the organisation would remove, for the admin to read."""
        from .assessments import Answer, Respondent
        from .reviews import PeerReview

        return {
            "members": self.memberships.count(),
            "assessments": self.assessments.count(),
            "shared": self.assessments.filter(shared_with_working_group=True).count(),
            "respondents": Respondent.objects.filter(assessment__organisation=self).count(),
            "answers": Answer.objects.filter(respondent__assessment__organisation=self).count(),
            "reviews": PeerReview.objects.filter(assessment__organisation=self).count(),
        }

    @transaction.atomic
    def erase(self, *, by) -> None:
        """Delete the organisation and everything it owns: members' places in it, invitations,
        assessments with their answers, results, peer reviews and stored reports. Round
        summaries that included its shared results go out of date at once. People's accounts
        stay (they are their own). Its audit log goes too, but for one line saying who
        deleted it and when, which the back office keeps."""
        from .rounds import RoundSummary

        shared_in = self.assessments.filter(shared_with_working_group=True).values("round")
        RoundSummary.objects.filter(round__in=shared_in).make_out_of_date()
        AuditEvent.objects.filter(organisation=self).delete()
        AuditEvent.record(self, AuditEvent.Verb.DELETED, f"the organisation {self.name}", by=by)
        self.delete()

    def offer_to_review(self, *, willing: bool, kinds: list[str], areas: str) -> None:
        """Say whether the organisation will peer review others in return (mutuality), and
        which kinds of organisation and areas; saying no forgets the kinds and areas."""
        self.willing_to_review = willing
        self.review_kinds = kinds if willing else []
        self.review_areas = areas if willing else ""
        self.save(update_fields=["willing_to_review", "review_kinds", "review_areas"])

    def admin_emails(self) -> list[str]:
        """The addresses of its admins, who hear about its peer reviews."""
        admins = self.memberships.filter(role=Membership.Role.ADMIN)
        return list(admins.values_list("user__email", flat=True))


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", "Admin"
        MEMBER = "member", "Member"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role, default=Role.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="unique_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.organisation})"

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN

    def is_last_admin(self) -> bool:
        return (
            self.is_admin
            and not self.organisation.memberships.filter(role=self.Role.ADMIN)
            .exclude(pk=self.pk)
            .exists()
        )

    @transaction.atomic
    def change_role(self, role: str, *, by=None) -> None:
        """Change this person's role; an organisation always keeps at least one admin."""
        self._lock_admins()
        if role != self.Role.ADMIN and self.is_last_admin():
            raise LastAdminError
        self.role = role
        self.save(update_fields=["role"])
        AuditEvent.record(
            self.organisation,
            AuditEvent.Verb.CHANGED_ROLE,
            f"{self.user.name} to {self.get_role_display().lower()}",
            by=by,
        )

    @transaction.atomic
    def remove(self, *, by=None) -> None:
        self._lock_admins()
        if self.is_last_admin():
            raise LastAdminError
        AuditEvent.record(self.organisation, AuditEvent.Verb.REMOVED, self.user.name, by=by)
        self.delete()

    def _lock_admins(self) -> None:
        # Two admins demoting each other at once must not leave the organisation without one.
        list(
            Membership.objects.select_for_update()
            .filter(organisation_id=self.organisation_id, role=self.Role.ADMIN)
            .values_list("pk", flat=True)
        )


class LastAdminError(Exception):
    """An organisation must always have at least one admin."""

    message = "An organisation must have at least one admin. Make someone else an admin first."


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )

    def open(self):
        """Neither accepted nor cancelled, expired or not: at most one per organisation and
        address (the constraint `one_open_invitation_per_address`)."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)

    def waiting_for(self, user):
        """The invitations still waiting for this person's address, however they signed up,
        so a colleague who never opened the email still finds them."""
        return (
            self.pending()
            .filter(email__iexact=user.email)
            .select_related("organisation", "invited_by", "assessment")
            .order_by("organisation__name")
        )


class Invitation(models.Model):
    """An invitation to join an organisation, sent by email as a single-use link."""

    LIFETIME = timedelta(days=14)

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for a reply"
        ACCEPTED = "accepted", "Accepted"
        REVOKED = "revoked", "Cancelled"
        EXPIRED = "expired", "Expired"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField("email address")
    role = models.CharField(max_length=10, choices=Membership.Role, default=Membership.Role.MEMBER)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Set when the admin invites the person straight into an assessment: accepting also makes
    # them one of its respondents. Kept null if the assessment goes: they still join.
    assessment = models.ForeignKey(
        "assessment.Assessment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
    )

    objects = InvitationQuerySet.as_manager()

    ALREADY_WAITING = (
        "This person already has an invitation waiting. Use “Send again” on your "
        "organisation's page to email it once more."
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Expiry cannot be part of an index's condition, so an expired invitation is
            # cancelled when a new one is made for the same address (Invitation.create).
            models.UniqueConstraint(
                "organisation",
                Lower("email"),
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_address",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.organisation}"

    @classmethod
    def create(
        cls, *, organisation, email: str, role: str, invited_by, assessment=None
    ) -> tuple["Invitation", str]:
        """Make an invitation and return it with its token, which is never stored. Two admins
        inviting the same address at once make one invitation: the other is told it is
        already waiting (InvitationError). With an `assessment`, accepting also asks them to
        answer it, so a colleague joins in one step."""
        email = email.strip().lower()
        token, token_hash = new_token()
        now = timezone.now()
        try:
            with transaction.atomic():
                cls.objects.open().filter(
                    organisation=organisation, email__iexact=email, expires_at__lte=now
                ).update(revoked_at=now)
                invitation = cls.objects.create(
                    organisation=organisation,
                    email=email,
                    role=role,
                    invited_by=invited_by,
                    token_hash=token_hash,
                    expires_at=now + cls.LIFETIME,
                    assessment=assessment,
                )
        except IntegrityError:
            raise InvitationError(cls.ALREADY_WAITING) from None
        answering = f" and answer {assessment.title}" if assessment else ""
        AuditEvent.record(
            organisation,
            AuditEvent.Verb.INVITED,
            f"{email} to join as {role}{answering}",
            by=invited_by,
        )
        return invitation, token

    @classmethod
    def from_token(cls, token: str) -> "Invitation | None":
        return cls.from_token_hash(hash_token(token))

    @classmethod
    def from_token_hash(cls, token_hash: str) -> "Invitation | None":
        """The invitation a link opened, from the hash the session keeps (never the token)."""
        return (
            cls.objects.select_related("organisation", "invited_by", "assessment")
            .filter(token_hash=token_hash)
            .first()
        )

    @property
    def state(self) -> str:
        if self.accepted_at:
            return self.State.ACCEPTED
        if self.revoked_at:
            return self.State.REVOKED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.PENDING

    def get_state_display(self) -> str:
        return self.State(self.state).label

    def is_for(self, user) -> bool:
        return user.is_authenticated and user.email.lower() == self.email.lower()

    def resend(self) -> str:
        """A new link, valid for the full time again, for an invitation still waiting; the old
        link stops working. Returns the new token."""
        token, token_hash = new_token()
        renewed = (
            Invitation.objects.pending()
            .filter(pk=self.pk)
            .update(token_hash=token_hash, expires_at=timezone.now() + self.LIFETIME)
        )
        self.refresh_from_db()
        if not renewed:
            raise InvitationError(
                f"The invitation for {self.email} cannot be sent again: it is "
                f"{self.get_state_display().lower()}."
            )
        return token

    def revoke(self) -> None:
        Invitation.objects.filter(pk=self.pk, accepted_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        self.refresh_from_db()

    @transaction.atomic
    def accept(self, user) -> Membership:
        """Join the organisation, and answer the assessment it names if that is still open,
        all or nothing. Single use: a second accept, even at the same moment, fails."""
        if not self.is_for(user):
            raise InvitationError("This invitation was sent to a different email address.")
        if not user.has_confirmed_email:
            raise InvitationError("Confirm your email address first.")
        claimed = (
            Invitation.objects.pending()
            .filter(pk=self.pk)
            .update(accepted_at=timezone.now(), accepted_by=user)
        )
        if not claimed:
            self.refresh_from_db()
            raise InvitationError(f"This invitation can no longer be used ({self.state}).")
        membership, created = Membership.objects.get_or_create(
            organisation=self.organisation, user=user, defaults={"role": self.role}
        )
        if not created and self.role == Membership.Role.ADMIN and not membership.is_admin:
            membership.role = Membership.Role.ADMIN
            membership.save(update_fields=["role"])
        joined = f"{self.organisation.name} as {membership.get_role_display().lower()}"
        if self.assessment_id and self._answer_assessment(user):
            joined += f", answering {self.assessment.title}"
        AuditEvent.record(self.organisation, AuditEvent.Verb.JOINED, joined, by=user)
        self.refresh_from_db()
        return membership

    def _answer_assessment(self, user) -> bool:
        """Add the person to the assessment's respondents, unless it has closed: the
        assessment's row lock first, as closing takes it, so they never join a closed one."""
        from .assessments import Assessment

        assessment = Assessment.objects.select_for_update().get(pk=self.assessment_id)
        if not assessment.is_open:
            return False
        assessment.respondents.get_or_create(
            user=user, defaults={"name": user.name, "email": user.email}
        )
        return True


class InvitationError(Exception):
    pass
