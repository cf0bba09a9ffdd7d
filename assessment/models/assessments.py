"""Assessments: an organisation assesses itself, as a team, against one framework version."""

import hashlib
from collections import Counter, defaultdict
from datetime import timedelta
from statistics import median_low

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q, Value
from django.urls import reverse
from django.utils import dateformat, timezone

from principles.models import Audience, Framework, Principle, Question, Rung

from ..groups import OTHERS, OTHERS_LABEL, perspective_groups
from ..tokens import CODE_LENGTH, hash_token, new_token, short_code, typed_code
from .audit import AuditEvent
from .touched import Touched, TouchedQuerySet


class Extent(models.IntegerChoices):
    """How far a reflection question is true of the organisation."""

    DONT_KNOW = 0, "Don't know"
    NOT_YET = 1, "Not yet"
    A_LITTLE = 2, "A little"
    MOSTLY = 3, "Mostly"
    FULLY = 4, "Fully"


class Perspective(models.TextChoices):
    STAFF = "staff", "Staff"
    VOLUNTEER = "volunteer", "Volunteer"
    PERSON = "person", "Person who uses services"
    CARER = "carer", "Carer or family member"
    PARTNER = "partner", "Partner organisation"
    OTHER = "other", "Other"


EVIDENCE_MAX_LENGTH = 5000
# What the admin tells everyone who answered when closing: a few sentences, read on a phone.
CLOSING_MESSAGE_MAX_LENGTH = 1000


class AssessmentQuerySet(TouchedQuerySet):
    """Filters on many assessments at once (none yet beyond keeping `updated_at` true)."""

    def before(self, assessment: "Assessment"):
        """The organisation's closed assessments of the same service or programme (capitals
        aside; blank is the whole organisation) that closed before this closed one, newest
        first: what progress between assessments compares it with (none while it is open)."""
        if assessment.closed_at is None:
            return self.none()
        return (
            self.filter(
                organisation_id=assessment.organisation_id,
                status=Assessment.Status.CLOSED,
                service__iexact=assessment.service,
                closed_at__lte=assessment.closed_at,
            )
            .exclude(pk=assessment.pk)
            .exclude(closed_at=assessment.closed_at, pk__gt=assessment.pk)
            .order_by("-closed_at", "-pk")
        )

    def shared(self):
        """The only assessments the working group may see: closed, and shared by their admins."""
        return self.filter(shared_with_working_group=True, status=Assessment.Status.CLOSED)


class Assessment(Touched):
    class Status(models.TextChoices):
        OPEN = "open", "Open for answers"
        CLOSED = "closed", "Closed"

    organisation = models.ForeignKey(
        "assessment.Organisation", on_delete=models.CASCADE, related_name="assessments"
    )
    # PROTECT: the words an assessment was answered against must outlive any tidying up.
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=120, help_text="For example: Spring 2027.")
    service = models.CharField(
        "service or programme",
        max_length=200,
        blank=True,
        help_text="Optional. Leave blank if the assessment covers the whole organisation.",
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    shared_with_working_group = models.BooleanField(
        default=False,
        help_text="The working group may see the results and download the report.",
    )
    shared_at = models.DateTimeField(null=True, blank=True)
    round = models.ForeignKey(
        "assessment.Round",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessments",
    )
    closing_message = models.TextField(
        "what we found, in your words",
        blank=True,
        max_length=CLOSING_MESSAGE_MAX_LENGTH,
        help_text="Optional. Shown to everyone who answered, after the assessment closes.",
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assessment", args=[self.organisation_id, self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @transaction.atomic
    def start(self, admin) -> "Assessment":
        """Save a new assessment, pinned to the current framework version, with the admin who
        started it as its first respondent."""
        framework = Framework.objects.current()
        if framework is None:
            raise AssessmentError(
                "There is no published version of the framework yet, so an assessment cannot "
                "start. Please try again later."
            )
        self.framework = framework
        self.created_by = admin
        self.save()
        self.respondents.create(user=admin, name=admin.name, email=admin.email)
        return self

    def add_colleagues(self, users, *, by=None) -> list["Respondent"]:
        """Ask colleagues to answer; returns the respondents added. Anyone who already answers
        (perhaps added by another admin a moment ago) is skipped, not duplicated."""
        added = []
        for user in users:
            try:
                with transaction.atomic():
                    respondent = self.respondents.create(
                        user=user, name=user.name, email=user.email
                    )
                    self._record_invited(respondent, by)
                    added.append(respondent)
            except IntegrityError:
                continue
        return added

    @transaction.atomic
    def add_by_link(self, *, name: str, email: str = "", by=None) -> tuple["Respondent", str]:
        """Ask someone without an account to answer; returns them with their personal link's
        token, which is never stored."""
        respondent = self.respondents.create(name=name, email=email)
        self._record_invited(respondent, by)
        return respondent, respondent.new_link()

    @transaction.atomic
    def add_paper_response(
        self,
        *,
        name: str,
        perspective: str,
        agreed_to_be_named: bool,
        by,
        agreed_to_be_quoted: bool = False,
    ) -> "Respondent":
        """Someone answered on a paper questionnaire: an admin enters it on their behalf, so
        the response is marked as entered from paper, and has no link (nobody uses it). Their
        examples are shown only if they ticked that they may be (`agreed_to_be_quoted`)."""
        respondent = self.respondents.create(
            name=name or Respondent.ANONYMOUS_ON_PAPER,
            perspective=perspective,
            agreed_to_be_quoted=agreed_to_be_quoted,
            agreed_to_be_named=agreed_to_be_named and bool(name),
            entered_on_paper=True,
            started_at=timezone.now(),
        )
        AuditEvent.record(
            self.organisation,
            AuditEvent.Verb.ENTERED_ON_PAPER,
            f"a paper response from {respondent.name} to {self.title}",
            by=by,
        )
        return respondent

    def responses_entered_on_paper(self) -> int:
        """How many of the counted (submitted) responses an admin entered from paper."""
        return self.respondents.submitted().filter(entered_on_paper=True).count()

    def _record_invited(self, respondent, by) -> None:
        AuditEvent.record(
            self.organisation, AuditEvent.Verb.INVITED, f"{respondent.name} to {self.title}", by=by
        )

    @transaction.atomic
    def close(self, *, by=None, message: str = "") -> int:
        """Stop answers and freeze the results. Returns how many responses were not submitted.

        Responses still in progress are kept but not counted. `message` is what the admin tells
        everyone who answered ("What we found").
        """
        locked = Assessment.objects.select_for_update().get(pk=self.pk)
        if not locked.is_open:
            raise AssessmentError("This assessment is already closed.")
        if not self.respondents.filter(submitted_at__isnull=False).exists():
            raise AssessmentError(
                "At least one person must submit their answers before you can close the assessment."
            )
        self.status = self.Status.CLOSED
        self.closed_at = timezone.now()
        self.closing_message = message
        self.save(update_fields=["status", "closed_at", "closing_message"])
        PrincipleResult.objects.freeze(self)
        AuditEvent.record(self.organisation, AuditEvent.Verb.CLOSED, self.title, by=by)
        return self.respondents.filter(submitted_at__isnull=True).count()

    @transaction.atomic
    @transaction.atomic
    def close_and_share(
        self, shares: bool, round, *, by=None, message: str = ""
    ) -> tuple[int, "Assessment"]:
        """Close (see `close`) and choose whether to share the results with the working group,
        both or neither: how many responses were not counted, and the assessment as shared."""
        not_counted = self.close(by=by, message=message)
        return not_counted, self.set_sharing(shares, round, by=by)

    @transaction.atomic
    def set_sharing(self, shares: bool, round, *, by=None) -> "Assessment":
        """Share this closed assessment with the working group in `round`, or stop sharing it.
        Stopping (or moving it to another round) makes any summary that included it out of
        date, so its results never reach anyone afterwards. Returns the saved assessment."""
        from .rounds import RoundSummary

        assessment = Assessment.objects.select_for_update().get(pk=self.pk)
        was_shared, old_round_id = assessment.shared_with_working_group, assessment.round_id
        assessment.round = round
        if shares and not was_shared:
            assessment.shared_at = timezone.now()
        elif not shares:
            assessment.shared_at = None
        assessment.shared_with_working_group = shares
        assessment.save(update_fields=["shared_with_working_group", "shared_at", "round"])
        if was_shared and old_round_id and (not shares or assessment.round_id != old_round_id):
            RoundSummary.objects.filter(round_id=old_round_id).make_out_of_date()
        if shares != was_shared or assessment.round_id != old_round_id:
            verb = AuditEvent.Verb.SHARED if shares else AuditEvent.Verb.STOPPED_SHARING
            where = f" in {round}" if shares and round else ""
            AuditEvent.record(self.organisation, verb, f"{self.title}{where}", by=by)
        return assessment

    def results_fingerprint(self) -> str:
        """A digest of what a closed assessment's results page shows that can still change:
        its peer reviews and agreed positions (answers and frozen results cannot), by the
        `updated_at` every write to them keeps true (a dissent, a confirmation, a decline). The
        page is kept in the cache under it, so any change makes a new key. One query."""
        reviews = self.peer_reviews.order_by().values_list(Value("review"), "pk", "updated_at")
        agreed = self.agreed_rungs.order_by().values_list(Value("agreed"), "pk", "updated_at")
        rows = sorted(map(repr, reviews.union(agreed, all=True).order_by()))
        text = f"{self.pk}|{self.closed_at}|{'|'.join(rows)}"
        return hashlib.sha256(text.encode()).hexdigest()[:32]


class AssessmentError(Exception):
    pass


class NotEditable(AssessmentError):
    """The response was submitted or cancelled, or the assessment closed, while it was open."""


class RespondentQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(submitted_at__isnull=False)

    def details_due_for_removal(self):
        """People who answered through a personal link to an assessment that closed longer
        ago than PERSONAL_DETAILS_KEPT_MONTHS, whose name and email are still kept."""
        kept = timedelta(days=round(settings.PERSONAL_DETAILS_KEPT_MONTHS * 365.25 / 12))
        return self.filter(
            user__isnull=True,
            details_removed_at__isnull=True,
            assessment__closed_at__lte=timezone.now() - kept,
        )

    def remove_personal_details(self) -> int:
        """Forget who these people are, keeping what they answered (anonymously)."""
        return self.update(
            name=Respondent.NAME_REMOVED,
            email="",
            agreed_to_be_named=False,
            token_hash=None,
            code_hash=None,
            details_removed_at=timezone.now(),
        )


class Respondent(models.Model):
    """One person's response to an assessment: a colleague with an account, or someone who
    answers through a personal link (people who use services, volunteers, carers, partners)."""

    LINK_LIFETIME = timedelta(days=28)
    NAME_REMOVED = "Name removed"
    ANONYMOUS_ON_PAPER = "Anonymous (paper)"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="respondents")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="responses",
    )
    name = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    perspective = models.CharField(max_length=12, choices=Perspective, blank=True)
    agreed_to_be_named = models.BooleanField(
        default=False, help_text="A peer reviewer may see this person's name with their words."
    )
    agreed_to_be_quoted = models.BooleanField(
        default=False,
        help_text="Their examples may be shown beyond the organisation's own records: on the "
        "results pages, in the PDF report, and to the peer reviewer (never with their name "
        "unless they also agreed to that).",
    )
    token_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)
    code_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)
    link_expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    invited_at = models.DateTimeField(auto_now_add=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reopened_at = models.DateTimeField(null=True, blank=True)
    details_removed_at = models.DateTimeField(
        null=True, blank=True, help_text="When their name and email were removed, if they were."
    )
    entered_on_paper = models.BooleanField(
        default=False,
        help_text="They answered on paper and an admin entered the answers on their behalf.",
    )

    objects = RespondentQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "user"],
                condition=Q(user__isnull=False),
                name="one_response_per_colleague",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def email_address(self) -> str:
        """Where to email them: a colleague at their account's address, anyone else at the
        address the admin gave (perhaps none)."""
        return self.user.email if self.user_id else self.email

    @property
    def link_expires_on(self) -> str:
        """The day their personal link stops working, as people write it: "3 March 2027"."""
        return dateformat.format(timezone.localtime(self.link_expires_at), "j F Y")

    @property
    def has_link(self) -> bool:
        return self.user_id is None and not self.entered_on_paper

    @property
    def status(self) -> str:
        if self.revoked_at:
            return "Link cancelled"
        if self.submitted_at:
            return "Submitted"
        if self.started_at:
            return "Started"
        return "Invited"

    @property
    def is_editable(self) -> bool:
        return self.submitted_at is None and self.revoked_at is None and self.assessment.is_open

    @property
    def asked_about(self) -> str:
        """Which wording of the questions this person reads: staff are asked about their
        organisation; people who use services, carers, volunteers and everyone else outside
        it about the service and its staff. Until they say, a colleague counts as staff and
        someone with a personal link as outside."""
        if self.perspective == Perspective.STAFF or (not self.perspective and self.user_id):
            return Audience.ORGANISATION
        return Audience.SERVICE

    # What an admin may do with a response; the table and the views both ask these.
    @property
    def can_be_reminded(self) -> bool:
        return self.assessment.is_open and self.submitted_at is None and not self.entered_on_paper

    @property
    def can_be_cancelled(self) -> bool:
        return (
            self.has_link
            and self.assessment.is_open
            and self.submitted_at is None
            and self.revoked_at is None
        )

    @property
    def can_be_reopened(self) -> bool:
        return self.assessment.is_open and self.submitted_at is not None

    @transaction.atomic
    def remind(self) -> str | None:
        """Note a reminder. Someone with a personal link gets a fresh one (the old one stops
        working); its token is returned. Colleagues keep using their account: None."""
        if not self.can_be_reminded:
            if self.entered_on_paper:
                raise AssessmentError(
                    f"{self.name} answered on paper, so there is nobody to remind."
                )
            raise AssessmentError(
                f"{self.name} has already submitted their answers."
                if self.submitted_at
                else "This assessment is closed."
            )
        token = self.new_link() if self.has_link else None
        self.reminded_at = timezone.now()
        self.save(update_fields=["reminded_at"])
        return token

    def new_link(self) -> str:
        """Give a link respondent a fresh personal link and short code (replacing any old
        ones); return the link's token (its short code is `tokens.short_code(token)`)."""
        token, self.token_hash = new_token()
        self.code_hash = hash_token(short_code(token))
        self.link_expires_at = timezone.now() + self.LINK_LIFETIME
        self.revoked_at = None
        self.save(update_fields=["token_hash", "code_hash", "link_expires_at", "revoked_at"])
        return token

    @classmethod
    def from_code(cls, typed: str) -> "Respondent | None":
        code = typed_code(typed)
        if len(code) != CODE_LENGTH:
            return None
        return (
            cls.objects.select_related("assessment__organisation")
            .filter(code_hash=hash_token(code))
            .first()
        )

    @classmethod
    def from_token(cls, token: str) -> "Respondent | None":
        return (
            cls.objects.select_related("assessment__organisation")
            .filter(token_hash=hash_token(token))
            .first()
        )

    def link_problem(self, *, hearing_back: bool = False) -> str | None:
        """Why this personal link cannot be used now, or None if it can. `hearing_back` is for
        "What we found" alone, which an expired link still opens once `hears_back`."""
        if self.revoked_at:
            return "revoked"
        if self.link_expires_at and self.link_expires_at <= timezone.now():
            return None if hearing_back and self.hears_back else "expired"
        return None

    @property
    def hears_back(self) -> bool:
        """Whether this person's link still opens "What we found" after it expired (that page
        only, read-only): they submitted, and the assessment has closed.

        Why rather than an expired-link page telling them to ask the organisation: a link
        works for 28 days and most assessments stay open longer, so most people who answered
        early would never hear back; and once closed, the organisation cannot send a new link
        (reminders stop at closing), so "ask them" would lead nowhere. Safe enough: the page
        shows only what everyone who answered is told (the standings, examples people agreed
        to share, small groups merged or hidden, the admin's message), never this person's
        answers, which the expired link no longer opens; a cancelled link stays cancelled; and
        removing their personal details (PERSONAL_DETAILS_KEPT_MONTHS after closing) forgets
        the link and code for good."""
        return self.submitted_at is not None and not self.assessment.is_open

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])

    def save_about_you(
        self, *, name: str, perspective: str, agreed_to_be_named: bool, agreed_to_be_quoted: bool
    ) -> None:
        """Who they are and what they agree to, as they tell us before answering; this starts
        their response."""
        self.name = name
        self.perspective = perspective
        self.agreed_to_be_named = agreed_to_be_named
        self.agreed_to_be_quoted = agreed_to_be_quoted
        self.save(
            update_fields=["name", "perspective", "agreed_to_be_named", "agreed_to_be_quoted"]
        )
        self.start()

    def start(self) -> None:
        if not self.started_at:
            Respondent.objects.filter(pk=self.pk, started_at__isnull=True).update(
                started_at=timezone.now()
            )
            self.refresh_from_db(fields=["started_at"])

    # Anything that changes answers or whether they count takes the assessment's row lock
    # first, as closing does, so nothing is saved or submitted once the results are frozen.

    def _lock_assessment(self) -> "Assessment":
        return Assessment.objects.select_for_update().get(pk=self.assessment_id)

    @transaction.atomic
    def submit(self, *, by=None) -> bool:
        """Submit once: a double click, the back button or a second tab change nothing, and
        nothing is submitted once the assessment has closed. `by` is the admin who submits a
        paper response on the person's behalf.

        Returns True if this call submitted the response.
        """
        assessment = self._lock_assessment()
        if not assessment.is_open:
            return False
        submitted = Respondent.objects.filter(
            pk=self.pk, submitted_at__isnull=True, revoked_at__isnull=True
        ).update(submitted_at=timezone.now())
        self.refresh_from_db(fields=["submitted_at"])
        if submitted and self.entered_on_paper:
            AuditEvent.record(
                assessment.organisation,
                AuditEvent.Verb.SUBMITTED,
                f"{self.name}'s paper answers to {assessment.title}, on their behalf",
                by=by,
            )
        elif submitted:
            AuditEvent.record(
                assessment.organisation,
                AuditEvent.Verb.SUBMITTED,
                f"their answers to {assessment.title}",
                by=self.user,
                by_name=f"{self.name} (personal link)",
            )
        return bool(submitted)

    @transaction.atomic
    def save_section(
        self, principle, *, version: int, answers, rung, rung_evidence: str, dont_know=False
    ) -> int | None:
        """Save this person's answers for one principle, if nobody saved them since the form
        was loaded (`version`): the section's new version, or None when the form was stale.
        Raises NotEditable if the response was submitted or cancelled, or the assessment
        closed, meanwhile. `answers` holds (question, extent, evidence) triples; `dont_know`
        says the person does not know which rung (then `rung` is None)."""
        assessment = self._lock_assessment()
        current = Respondent.objects.select_for_update().get(pk=self.pk)
        if not (assessment.is_open and current.submitted_at is None and current.revoked_at is None):
            raise NotEditable("These answers can no longer be changed.")
        section, _ = Section.objects.select_for_update().get_or_create(
            respondent=self, principle=principle
        )
        if version != section.version:
            return None
        Answer.objects.bulk_create(
            [
                Answer(respondent=self, question=question, extent=extent, evidence=evidence)
                for question, extent, evidence in answers
            ],
            update_conflicts=True,
            unique_fields=["respondent", "question"],
            update_fields=["extent", "evidence"],
        )
        section.rung = None if dont_know else rung
        section.dont_know = dont_know
        section.rung_evidence = rung_evidence
        section.version += 1
        section.save()
        self.start()
        return section.version

    @transaction.atomic
    def reopen(self, *, by=None) -> None:
        # Lock the assessment so it cannot close between this check and the change.
        assessment = self._lock_assessment()
        if not assessment.is_open:
            raise AssessmentError("A closed assessment cannot be reopened for changes.")
        self.submitted_at = None
        self.reopened_at = timezone.now()
        self.save(update_fields=["submitted_at", "reopened_at"])
        AuditEvent.record(
            assessment.organisation,
            AuditEvent.Verb.REOPENED,
            f"{self.name}'s answers to {assessment.title}",
            by=by,
        )


class Section(models.Model):
    """A respondent's answer for one principle: the rung they chose and why.

    `version` goes up with every save, so a stale save from another tab is caught rather than
    silently overwriting newer answers.
    """

    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="sections")
    principle = models.ForeignKey(Principle, on_delete=models.PROTECT, related_name="+")
    rung = models.ForeignKey(
        Rung, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dont_know = models.BooleanField(
        "I don't know",
        default=False,
        help_text="The person said they do not know which rung, instead of choosing one.",
    )
    rung_evidence = models.TextField(blank=True, max_length=EVIDENCE_MAX_LENGTH)
    version = models.PositiveIntegerField(default=0)
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["respondent", "principle"], name="one_section_each"),
        ]

    def __str__(self) -> str:
        return f"{self.respondent}: {self.principle}"

    def clean(self) -> None:
        if self.rung_id and self.rung.framework_id != self.principle.framework_id:
            raise ValidationError({"rung": "Choose a rung from this assessment's ladder."})

    @property
    def is_answered(self) -> bool:
        """A rung chosen, or "I don't know": both are answers."""
        return bool(self.rung_id) or self.dont_know


class Answer(models.Model):
    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    extent = models.PositiveSmallIntegerField(choices=Extent, null=True, blank=True)
    evidence = models.TextField(blank=True, max_length=EVIDENCE_MAX_LENGTH)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["respondent", "question"], name="one_answer_each"),
        ]

    def __str__(self) -> str:
        return f"{self.respondent}: {self.question_id}"


class PrincipleResultQuerySet(models.QuerySet):
    def freeze(self, assessment: Assessment) -> None:
        """Write an assessment's results when it closes: one row per principle for everyone
        together, and one per principle and group of perspectives (`groups.perspective_groups`:
        a group too small to be shown on its own is merged or left out). Only rungs people
        chose count; "I don't know" is counted when the results are read (`results.py`)."""
        submitted = assessment.respondents.submitted()
        people = Counter(submitted.values_list("perspective", flat=True))
        grouping = perspective_groups(people)
        rows = Section.objects.filter(respondent__in=submitted, rung__isnull=False).values_list(
            "principle_id", "respondent__perspective", "rung__position"
        )
        chosen: dict[tuple[int, str], list[int]] = defaultdict(list)
        for principle_id, perspective, position in rows:
            chosen[(principle_id, "")].append(position)
            if group := grouping.of(perspective):
                chosen[(principle_id, group)].append(position)
        rung_ids = dict(
            Rung.objects.filter(framework_id=assessment.framework_id).values_list("position", "pk")
        )
        self.filter(assessment=assessment).delete()
        self.bulk_create(
            self.model(
                assessment=assessment,
                principle_id=principle_id,
                perspective=perspective,
                rung_id=rung_ids[median_low(positions)],
                lowest_rung=min(positions),
                highest_rung=max(positions),
                respondents=len(positions),
            )
            for (principle_id, perspective), positions in chosen.items()
        )


class PrincipleResult(models.Model):
    """Frozen when an assessment closes: where the respondents placed it for one principle.

    `perspective` is blank for everyone together, one perspective's own result, or `others`
    for small groups shown together. The median is the lower median, so the rung reached is
    always a rung somebody actually chose, and never flatters.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="results")
    principle = models.ForeignKey(Principle, on_delete=models.PROTECT, related_name="+")
    perspective = models.CharField(
        max_length=12, choices=[*Perspective.choices, (OTHERS, OTHERS_LABEL)], blank=True
    )
    rung = models.ForeignKey(
        Rung, on_delete=models.PROTECT, related_name="+", help_text="The median rung."
    )
    lowest_rung = models.PositiveSmallIntegerField()
    highest_rung = models.PositiveSmallIntegerField()
    respondents = models.PositiveIntegerField()

    objects = PrincipleResultQuerySet.as_manager()

    class Meta:
        ordering = ["principle__position", "perspective"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "principle", "perspective"], name="one_result_each"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment}: {self.principle} at {self.rung}"
