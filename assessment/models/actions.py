"""An organisation's action plan: what it will do to move a principle up the ladder, who does
it and by when, carried from one assessment to the next until it is done or dropped."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from principles.models import Practice, Principle

from .touched import Touched, TouchedQuerySet


class ActionQuerySet(TouchedQuerySet):
    def still_open(self):
        """Planned or under way: what the next assessment asks about."""
        return self.filter(status__in=Action.OPEN)

    def overdue(self, today: date | None = None):
        return self.still_open().filter(due_date__lt=today or timezone.localdate())

    def owned_by_members(self):
        """Actions whose owner is still a member of the organisation the action belongs to:
        someone who left is not reminded of an old employer's plan."""
        return self.filter(
            owner__memberships__organisation=models.F("organisation"), owner__is_active=True
        )

    def carried_into(self, assessment):
        """What a later assessment asks about: the organisation's actions from its earlier
        assessments that are still open, and those already answered in this one."""
        return self.filter(
            organisation_id=assessment.organisation_id,
            assessment__created_at__lt=assessment.created_at,
        ).filter(Q(status__in=Action.OPEN) | Q(followed_up_in=assessment))

    def to_follow_up_in(self, assessment):
        """Those a later assessment still has to ask about."""
        return self.carried_into(assessment).exclude(followed_up_in=assessment)

    def in_plan_order(self):
        return self.order_by(
            models.F("due_date").asc(nulls_last=True), "principle__position", "created_at"
        )


class Action(Touched):
    WHAT_MAX = 200
    OWNER_NAME_MAX = 120
    NOTES_MAX = 2000

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        UNDER_WAY = "under_way", "Under way"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    OPEN = (Status.PLANNED, Status.UNDER_WAY)

    organisation = models.ForeignKey(
        "assessment.Organisation", on_delete=models.CASCADE, related_name="actions"
    )
    assessment = models.ForeignKey(
        "assessment.Assessment",
        on_delete=models.CASCADE,
        related_name="actions",
        help_text="The assessment whose results it came from.",
    )
    # PROTECT, as for an assessment's framework: the principle of a published version stays.
    principle = models.ForeignKey(Principle, on_delete=models.PROTECT, related_name="+")
    practice = models.ForeignKey(
        Practice,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The suggested practice it was made from, if any.",
    )
    what = models.CharField("what you will do", max_length=WHAT_MAX)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_actions",
        help_text="A member of the organisation who leads it.",
    )
    owner_name = models.CharField(
        "someone else", max_length=OWNER_NAME_MAX, blank=True, help_text="Who leads it, as text."
    )
    due_date = models.DateField("due by", null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PLANNED)
    notes = models.TextField(max_length=NOTES_MAX, blank=True)
    # The later assessment that asked what happened to it, once someone answered there.
    followed_up_in = models.ForeignKey(
        "assessment.Assessment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followed_up_actions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["organisation", "status"], name="action_by_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=True) | Q(owner_name=""),
                name="action_owner_is_a_member_or_a_name",
            ),
        ]

    def __str__(self) -> str:
        return self.what

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()

    @property
    def owner_label(self) -> str:
        """Who leads it, in words: a member's name, the name typed, or nobody yet."""
        if self.owner_id:
            return self.owner.name
        return self.owner_name

    @classmethod
    def from_practice(cls, assessment, practice: Practice, principle: Principle, *, by):
        """One click on a suggestion: an action named after the practice, planned, for the
        person to give an owner and a date."""
        return cls.objects.create(
            organisation=assessment.organisation,
            assessment=assessment,
            principle=principle,
            practice=practice,
            what=practice.name[: cls.WHAT_MAX],
            created_by=by,
        )

    def follow_up(self, assessment, *, status: str, notes: str) -> None:
        """Record, in a later assessment, what happened to it."""
        self.status = status
        self.notes = notes
        self.followed_up_in = assessment
        self.save(update_fields=["status", "notes", "followed_up_in"])
