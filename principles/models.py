"""The co-production framework: what every assessment is scored against.

A Framework is a version of the content. Once published it never changes, so an assessment
made against it can always be shown with the words that were asked; changes go into a new
draft version (see `Framework.new_draft`).
"""

import secrets
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from . import pictograms
from .caching import cached
from .sources import SOURCES


class FrameworkQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def current(self) -> "Framework | None":
        """The newest published version: the one new assessments are pinned to."""
        return self.published().order_by("-published_at").first()


class FrameworkManager(models.Manager.from_queryset(FrameworkQuerySet)):
    def get_by_natural_key(self, version):
        return self.get(version=version)


class Framework(models.Model):
    version = models.CharField(max_length=40, unique=True, help_text="For example 2026.1")
    name = models.CharField(max_length=200)
    introduction = models.TextField(blank=True)
    easy_read_introduction = models.TextField(
        blank=True, help_text="The introduction in easy read: short sentences, one idea each."
    )
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="Once published, the content can no longer change."
    )

    objects = FrameworkManager()

    class Meta:
        ordering = ["-published_at", "-version"]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"

    def natural_key(self):
        return (self.version,)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def publish(self) -> None:
        self.published_at = timezone.now()
        self.save(update_fields=["published_at"])

    @transaction.atomic
    def new_draft(self, version: str) -> "Framework":
        """Copy this version's content into an unpublished one that can be edited."""
        draft = Framework.objects.create(
            version=version,
            name=self.name,
            introduction=self.introduction,
            easy_read_introduction=self.easy_read_introduction,
        )
        principles = {}
        for principle in self.principles.all():
            old_pk = principle.pk
            principle.pk = None
            principle.framework = draft
            principle.save()
            principles[old_pk] = principle
        rungs = {}
        for rung in self.rungs.all():
            old_pk = rung.pk
            rung.pk = None
            rung.framework = draft
            rung.save()
            rungs[old_pk] = rung
        Question.objects.bulk_create(
            Question(
                principle=principles[q.principle_id],
                code=q.code,
                position=q.position,
                text=q.text,
                plain_english=q.plain_english,
                easy_read=q.easy_read,
                service_text=q.service_text,
                service_easy_read=q.service_easy_read,
                source=q.source,
            )
            for q in Question.objects.filter(principle__framework=self)
        )
        Descriptor.objects.bulk_create(
            Descriptor(
                principle=principles[d.principle_id],
                rung=rungs[d.rung_id],
                text=d.text,
                plain_english=d.plain_english,
                easy_read=d.easy_read,
            )
            for d in Descriptor.objects.filter(principle__framework=self)
        )
        for practice in self.practices.prefetch_related("principles", "from_rungs"):
            old_principles = [principles[p.pk] for p in practice.principles.all()]
            old_rungs = [rungs[r.pk] for r in practice.from_rungs.all()]
            practice.pk = None
            practice.framework = draft
            practice.save()
            practice.principles.set(old_principles)
            practice.from_rungs.set(old_rungs)
        return draft


class FrameworkContent(models.Model):
    """Content that belongs to one framework version and is frozen when it is published."""

    class Meta:
        abstract = True

    def framework_version(self) -> Framework:
        raise NotImplementedError

    def clean(self) -> None:
        try:
            published = self.framework_version().is_published
        except models.ObjectDoesNotExist:
            return  # no framework chosen yet: the form reports that field as missing
        if published:
            raise ValidationError(
                "This framework version is published, so its content cannot change. "
                "Make a new draft version and edit that instead."
            )


class PrincipleManager(models.Manager):
    def get_by_natural_key(self, version, slug):
        return self.get(framework__version=version, slug=slug)

    def current(self):
        """The principles of the newest published version, in order, in one query."""
        newest = Framework.objects.published().order_by("-published_at").values("pk")[:1]
        return self.filter(framework__in=newest).order_by("position")

    def current_by_slug(self) -> dict[str, "Principle"]:
        return {principle.slug: principle for principle in self.current()}


class Principle(FrameworkContent):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="principles")
    slug = models.SlugField(max_length=60)
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=120, help_text="nef's name for the principle (2011).")
    way_ahead_name = models.CharField(
        max_length=120, help_text="The name used in the Way Ahead report (2017)."
    )
    description = models.TextField(help_text="nef's description, word for word.")
    plain_english = models.TextField(help_text="One plain-English line, for the results pages.")
    easy_read_name = models.CharField(
        max_length=120, help_text="The name in easy read: a few short, common words."
    )
    easy_read = models.TextField(help_text="What it means in easy read: short sentences.")

    objects = PrincipleManager()

    class Meta:
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "slug"], name="unique_principle_slug"),
            models.UniqueConstraint(
                fields=["framework", "position"], name="unique_principle_position"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self):
        return (*self.framework.natural_key(), self.slug)

    natural_key.dependencies = ["principles.framework"]

    def framework_version(self) -> Framework:
        return self.framework

    @property
    def pictogram(self) -> "pictograms.Pictogram | None":
        return pictograms.PRINCIPLES.get(self.slug)


class Audience(models.TextChoices):
    """Who a question is put to. Staff are asked about their organisation; people who use
    services, carers and volunteers about the service and its staff (which perspective reads
    which is decided in `assessment`, where perspectives live)."""

    ORGANISATION = "organisation", "Staff: about your organisation"
    SERVICE = "service", "People who use services, carers, volunteers: about this service"


class QuestionManager(models.Manager):
    def get_by_natural_key(self, version, code):
        return self.get(principle__framework__version=version, code=code)


class Question(FrameworkContent):
    class Source(models.TextChoices):
        NEF = "nef", "nef co-production self-reflection audit tool"
        COPROD = "coprod", "Coprod supplementary question"

    principle = models.ForeignKey(Principle, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(max_length=20, help_text="Stable within a version, e.g. nef-1.")
    position = models.PositiveSmallIntegerField()
    text = models.TextField(help_text="Put to staff. nef's questions are quoted word for word.")
    plain_english = models.TextField()
    easy_read = models.TextField(help_text="The question for staff, in easy read.")
    service_text = models.TextField(
        help_text="Put to people who use services, carers and volunteers: about this service "
        "and the staff."
    )
    service_easy_read = models.TextField(
        help_text="The question for people who use services, carers and volunteers, in easy read."
    )
    source = models.CharField(max_length=10, choices=Source)

    objects = QuestionManager()

    class Meta:
        ordering = ["principle__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["principle", "code"], name="unique_question_code"),
        ]

    def __str__(self) -> str:
        return self.text

    def natural_key(self):
        return (self.principle.framework.version, self.code)

    natural_key.dependencies = ["principles.principle"]

    def framework_version(self) -> Framework:
        return self.principle.framework

    @property
    def is_supplementary(self) -> bool:
        return self.source == self.Source.COPROD

    def wording(self, audience: str = Audience.ORGANISATION, easy_read: bool = False) -> str:
        """The question as it is put to this audience, in full or in easy read."""
        if audience == Audience.SERVICE:
            return self.service_easy_read if easy_read else self.service_text
        return self.easy_read if easy_read else self.text


class RungManager(models.Manager):
    def get_by_natural_key(self, version, slug):
        return self.get(framework__version=version, slug=slug)


class Rung(FrameworkContent):
    """A step on the ladder of co-production, from Coercion (1) to Co-production (7)."""

    class Group(models.TextChoices):
        DOING_TO = "doing_to", "Doing to"
        DOING_FOR = "doing_for", "Doing for"
        DOING_WITH = "doing_with", "Doing with"

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="rungs")
    slug = models.SlugField(max_length=60)
    position = models.PositiveSmallIntegerField(help_text="1 is the bottom of the ladder.")
    name = models.CharField(max_length=60)
    group = models.CharField(max_length=12, choices=Group)
    summary = models.TextField()
    plain_english = models.TextField()
    easy_read_name = models.CharField(
        max_length=60, help_text="The name in easy read, e.g. 'Told what to do'."
    )
    easy_read = models.TextField(help_text="What it means in easy read: short sentences.")
    is_gold_standard = models.BooleanField(default=False)

    objects = RungManager()

    class Meta:
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "slug"], name="unique_rung_slug"),
            models.UniqueConstraint(fields=["framework", "position"], name="unique_rung_position"),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self):
        return (*self.framework.natural_key(), self.slug)

    natural_key.dependencies = ["principles.framework"]

    def framework_version(self) -> Framework:
        return self.framework

    @property
    def pictogram(self) -> "pictograms.Pictogram":
        """The picture of its group: doing to, doing for or doing with people."""
        return pictograms.GROUPS[self.group]


class DescriptorManager(models.Manager):
    def get_by_natural_key(self, version, principle_slug, rung_slug):
        return self.get(
            principle__framework__version=version,
            principle__slug=principle_slug,
            rung__slug=rung_slug,
        )


class Descriptor(FrameworkContent):
    """What practice at one rung looks like for one principle."""

    principle = models.ForeignKey(Principle, on_delete=models.CASCADE, related_name="descriptors")
    rung = models.ForeignKey(Rung, on_delete=models.CASCADE, related_name="descriptors")
    text = models.TextField()
    plain_english = models.TextField()
    easy_read = models.TextField(help_text="What it looks like, in easy read.")

    objects = DescriptorManager()

    class Meta:
        ordering = ["principle__position", "rung__position"]
        constraints = [
            models.UniqueConstraint(fields=["principle", "rung"], name="unique_descriptor"),
        ]

    def __str__(self) -> str:
        return f"{self.principle} at {self.rung}"

    def natural_key(self):
        return (self.principle.framework.version, self.principle.slug, self.rung.slug)

    natural_key.dependencies = ["principles.principle", "principles.rung"]

    def framework_version(self) -> Framework:
        return self.principle.framework


@dataclass
class Contents:
    """One framework version's content, in order, as the answering pages use it."""

    principles: list[Principle]
    questions: dict[int, list[Question]]  # principle pk -> its questions, in order
    rungs: list[Rung]  # bottom first
    descriptors: dict[int, list[Descriptor]]  # principle pk -> its descriptors

    def principle(self, slug: str) -> Principle | None:
        return next((p for p in self.principles if p.slug == slug), None)


def contents(framework_id: int) -> Contents:
    """A framework version's content, read once and then kept in the cache (built again after
    any write to framework content, see caching.py): four queries become one cache read."""
    return cached(f"framework-contents:{framework_id}", lambda: _read_contents(framework_id))


def _read_contents(framework_id: int) -> Contents:
    questions = defaultdict(list)
    for question in Question.objects.filter(principle__framework_id=framework_id):
        questions[question.principle_id].append(question)
    descriptors = defaultdict(list)
    for descriptor in Descriptor.objects.filter(principle__framework_id=framework_id):
        descriptors[descriptor.principle_id].append(descriptor)
    return Contents(
        principles=list(Principle.objects.filter(framework_id=framework_id)),
        questions=dict(questions),
        rungs=list(Rung.objects.filter(framework_id=framework_id)),
        descriptors=dict(descriptors),
    )


# --- Practices: what helps an organisation up the ladder --------------------------------------


class PracticeManager(models.Manager):
    def get_by_natural_key(self, version, slug):
        return self.get(framework__version=version, slug=slug)


class Practice(FrameworkContent):
    """Something organisations do that helps a principle move up from a rung to the next one,
    taken from the source documents and credited to them (`source`, `source_section`).

    Framework content like the rest: it belongs to one version and is frozen once that version
    is published (principles/signals.py), so a report can always show the practice it suggested.
    """

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="practices")
    slug = models.SlugField(max_length=60)
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=120)
    summary = models.TextField(help_text="What it is and why it helps, in the project's words.")
    plain_english = models.TextField(help_text="One plain-English line for the easy-read view.")
    principles = models.ManyToManyField(Principle, related_name="practices")
    from_rungs = models.ManyToManyField(
        Rung,
        related_name="practices",
        verbose_name="rungs it helps move up from",
        help_text="Each rung it helps a principle move up from, to the next rung up.",
    )
    source = models.CharField(
        max_length=40, choices=[(key, str(source)) for key, source in SOURCES.items()]
    )
    source_section = models.CharField(max_length=200)

    objects = PracticeManager()

    class Meta:
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "slug"], name="unique_practice_slug"),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self):
        return (*self.framework.natural_key(), self.slug)

    natural_key.dependencies = ["principles.framework", "principles.principle", "principles.rung"]

    def framework_version(self) -> Framework:
        return self.framework

    @property
    def source_document(self):
        return SOURCES.get(self.source)


@dataclass(frozen=True)
class Ladder:
    """A version's practices by the step they help: (principle slug, rung position) -> the
    practices that help that principle up from that rung, in order."""

    steps: dict[tuple[str, int], list[Practice]]

    def from_rung(self, principle_slug: str, position: int) -> list[Practice]:
        return self.steps.get((principle_slug, position), [])


def practices(framework_id: int) -> Ladder:
    """A framework version's practices by step, read once (three queries) and then kept in the
    cache until framework content is written again."""
    return cached(f"framework-practices:{framework_id}", lambda: _read_practices(framework_id))


def _read_practices(framework_id: int) -> Ladder:
    steps = defaultdict(list)
    found = Practice.objects.filter(framework_id=framework_id).prefetch_related(
        "principles", "from_rungs"
    )
    for practice in found:
        for principle in practice.principles.all():
            for rung in practice.from_rungs.all():
                steps[(principle.slug, rung.position)].append(practice)
    return Ladder(dict(steps))


# --- The case-study library ------------------------------------------------------------------


class CaseStudyQuerySet(models.QuerySet):
    def published(self):
        """What everyone may read: nothing else is shown outside the working group."""
        return self.filter(status=CaseStudy.Status.PUBLISHED)

    def awaiting_approval(self):
        return self.filter(status=CaseStudy.Status.SUBMITTED)

    def deposited_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(submitted_by=user)

    def showing(self, principle_slug: str):
        return self.filter(principle_links__slug=principle_slug)

    def search(self, text: str):
        """Full-text search on PostgreSQL (stemmed, best matches first); on SQLite, studies
        that contain every word somewhere."""
        words = text.split()
        if not words:
            return self
        if connections[self.db].vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

            others = [field for field in SEARCHED_FIELDS if field != "title"]
            vector = SearchVector("title", weight="A", config="english") + SearchVector(
                *others, weight="B", config="english"
            )
            query = SearchQuery(text, search_type="websearch", config="english")
            return (
                self.annotate(search=vector, rank=SearchRank(vector, query))
                .filter(search=query)
                .order_by("-rank", "title")
            )
        studies = self
        for word in words:
            anywhere = models.Q()
            for field in SEARCHED_FIELDS:
                anywhere |= models.Q(**{f"{field}__icontains": word})
            studies = studies.filter(anywhere)
        return studies

    def matching(self, *, q="", principle="", sector="", kind="", place=""):
        """The library's filters, all of them at once; an empty filter leaves the list alone."""
        studies = self
        if principle:
            studies = studies.showing(principle)
        if sector:
            studies = studies.filter(sector=sector)
        if kind:
            studies = studies.filter(kind=kind)
        if place:
            studies = studies.filter(place__icontains=place)
        return studies.search(q)


SEARCHED_FIELDS = ["title", "summary", "what_changed", "place", "organisation_name"]


class CaseStudyManager(models.Manager.from_queryset(CaseStudyQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class CaseStudy(models.Model):
    """An example of co-production in practice: seeded from the source documents, or deposited
    by an organisation and published only once a working-group member approves it."""

    TITLE_MAX = 120
    TEXT_MAX = 1500
    PLACE_MAX = 100
    CONTACT_MAX = 200
    REASON_MAX = 1000

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Waiting for approval"
        PUBLISHED = "published", "Published"
        SENT_BACK = "sent_back", "Sent back"

    class Sector(models.TextChoices):
        HEALTH = "health", "Health"
        SOCIAL_CARE = "social_care", "Social care"
        HOUSING = "housing", "Housing"
        CRIMINAL_JUSTICE = "criminal_justice", "Criminal justice"
        CHILDREN_FAMILIES = "children_families", "Children and families"
        EDUCATION = "education", "Education"
        COMMUNITY = "community", "Community"

    class Kind(models.TextChoices):
        """Governance International's four kinds of co-production."""

        CO_COMMISSIONING = "co_commissioning", "Co-commissioning"
        CO_DESIGN = "co_design", "Co-design"
        CO_DELIVERY = "co_delivery", "Co-delivery"
        CO_ASSESSMENT = "co_assessment", "Co-assessment"

    title = models.CharField(max_length=TITLE_MAX)
    slug = models.SlugField(max_length=140, unique=True)
    organisation_name = models.CharField(
        "organisation", max_length=200, help_text="Who did it, as text: kept if accounts go."
    )
    summary = models.TextField(max_length=TEXT_MAX)
    what_changed = models.TextField(max_length=TEXT_MAX)
    sector = models.CharField(max_length=20, choices=Sector)
    kind = models.CharField("kind of co-production", max_length=20, choices=Kind)
    place = models.CharField(max_length=PLACE_MAX)
    source = models.CharField(
        max_length=40,
        choices=[(key, str(source)) for key, source in SOURCES.items()],
        blank=True,
        help_text="For seeded case studies: the document it comes from.",
    )
    source_section = models.CharField(max_length=200, blank=True)
    contact = models.CharField(max_length=CONTACT_MAX, blank=True)
    contact_consent = models.BooleanField(
        "may share the contact", default=False, help_text="Shown publicly only when ticked."
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    sent_back_reason = models.TextField(max_length=REASON_MAX, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_studies",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = CaseStudyManager()

    class Meta:
        verbose_name_plural = "case studies"
        ordering = ["-published_at", "-created_at", "title"]
        indexes = [models.Index(fields=["status", "-published_at"], name="case_study_listing")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contact="") | models.Q(contact_consent=True),
                name="case_study_contact_needs_consent",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:case_study", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def can_be_changed(self) -> bool:
        """The submitter may change it until it is published."""
        return self.status in (self.Status.SUBMITTED, self.Status.SENT_BACK)

    @property
    def source_document(self):
        return SOURCES.get(self.source)

    @property
    def shared_contact(self) -> str:
        return self.contact if self.contact_consent else ""

    def principle_slugs(self) -> list[str]:
        return [link.slug for link in self.principle_links.all()]

    def principles_in(self, principles_by_slug: dict) -> list[Principle]:
        """The principles it shows, in the framework's order, with that version's wording."""
        slugs = set(self.principle_slugs())
        return [p for slug, p in principles_by_slug.items() if slug in slugs]

    @transaction.atomic
    def deposit(self, *, by, organisation_name: str, principle_slugs: list[str]) -> None:
        """Save a study an organisation wrote, for the working group to approve."""
        self.submitted_by = by
        self.organisation_name = organisation_name
        self.status = self.Status.SUBMITTED
        self.slug = f"{slugify(self.title)[:100] or 'case-study'}-{secrets.token_hex(3)}"
        self.save()
        self.set_principles(principle_slugs)

    @transaction.atomic
    def resubmit(self, principle_slugs: list[str]) -> None:
        """Save the submitter's changes; it waits for approval again."""
        self.status = self.Status.SUBMITTED
        self.save()
        self.set_principles(principle_slugs)

    def set_principles(self, slugs: list[str]) -> None:
        self.principle_links.exclude(slug__in=slugs).delete()
        CaseStudyPrinciple.objects.bulk_create(
            [CaseStudyPrinciple(case_study=self, slug=slug) for slug in slugs],
            ignore_conflicts=True,
        )

    def publish(self) -> bool:
        """Publish a study waiting for approval; False if someone already decided."""
        return self._decide(
            status=self.Status.PUBLISHED, published_at=timezone.now(), sent_back_reason=""
        )

    def send_back(self, reason: str) -> bool:
        """Return a study to its submitter with the reason; False if someone already decided."""
        return self._decide(status=self.Status.SENT_BACK, sent_back_reason=reason)

    def _decide(self, **changes) -> bool:
        # Conditional, so two working-group members deciding at once cannot both win.
        decided = (
            CaseStudy.objects.filter(pk=self.pk, status=self.Status.SUBMITTED).update(
                updated_at=timezone.now(), **changes
            )
            == 1
        )
        self.refresh_from_db()
        return decided


class CaseStudyPrincipleManager(models.Manager):
    def get_by_natural_key(self, case_study_slug, slug):
        return self.get(case_study__slug=case_study_slug, slug=slug)


class CaseStudyPrinciple(models.Model):
    """A principle a case study shows, by the principle's slug.

    By slug rather than a key to one version's `Principle` row: a study shows the principle,
    not one version's wording of it, so it keeps showing on the principle's page when a new
    framework version is published (each version copies the slugs), and the seeded fixture is
    not tied to a version.
    """

    case_study = models.ForeignKey(
        CaseStudy, on_delete=models.CASCADE, related_name="principle_links"
    )
    slug = models.SlugField("principle", max_length=60)

    objects = CaseStudyPrincipleManager()

    class Meta:
        ordering = ["case_study", "slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["case_study", "slug"], name="unique_case_study_principle"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_study} shows {self.slug}"

    def natural_key(self):
        return (*self.case_study.natural_key(), self.slug)

    natural_key.dependencies = ["principles.casestudy"]
