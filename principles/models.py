"""The co-production framework: what every assessment is scored against.

A Framework is a version of the content. Once published it never changes, so an assessment
made against it can always be shown with the words that were asked; changes go into a new
draft version (see `Framework.new_draft`).
"""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from .caching import cached


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
            version=version, name=self.name, introduction=self.introduction
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
            )
            for d in Descriptor.objects.filter(principle__framework=self)
        )
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


class Principle(FrameworkContent):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="principles")
    slug = models.SlugField(max_length=60)
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=120, help_text="nef's name for the principle (2011).")
    way_ahead_name = models.CharField(
        max_length=120, help_text="The name used in the Way Ahead report (2017)."
    )
    description = models.TextField(help_text="nef's description, word for word.")
    plain_english = models.TextField(help_text="One plain-English line for the easy-read view.")

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
    text = models.TextField()
    plain_english = models.TextField()
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
