"""Report PDFs kept in the database, so every app server shares them."""

import hashlib

from django.db import models
from django.db.models import CharField, Value

from .actions import Action
from .assessments import Assessment
from .organisations import Organisation
from .reviews import AgreedRung, PeerReview


class StoredReport(models.Model):
    """A closed assessment's report PDF as last laid out (about 1.5 s of work), with the
    fingerprint of what it showed: while the fingerprint is the same, downloads get these bytes.
    """

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="stored_report"
    )
    fingerprint = models.CharField(max_length=64)
    pdf = models.BinaryField()
    built_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Report of {self.assessment} (built {self.built_at:%Y-%m-%d %H:%M})"

    @staticmethod
    def fingerprint_of(assessment: Assessment, layout: str = "") -> str:
        """A digest of the ids and `updated_at` times of every row an assessment's report shows
        that can change once it is closed, in one query: the assessment (title, service,
        dates, sharing, its framework version, whose content never changes once published),
        its organisation, its submitted peer reviews (their ratings change only through the
        review, which touches it), the agreed rungs and the action plan made from it; and the
        same of the earlier assessments it is compared with (progress between assessments).
        `layout` stands for the code that lays the report out. Answers and frozen results cannot
        change after closing, and closing touches the assessment. A row added, removed or
        changed changes the digest, so no write has to remember to throw the stored report
        away."""

        def rows(queryset, kind: str, pk: str = "pk"):
            kind = Value(kind, output_field=CharField())
            return queryset.order_by().values_list(kind, pk, "updated_at")

        this = Assessment.objects.filter(pk=assessment.pk)
        earlier = Assessment.objects.before(assessment)
        found = (
            rows(this, "assessment")
            .union(
                rows(this, "framework", "framework_id"),
                rows(Organisation.objects.filter(assessments__pk=assessment.pk), "organisation"),
                rows(
                    PeerReview.objects.filter(assessment=assessment.pk, submitted_at__isnull=False),
                    "review",
                ),
                rows(AgreedRung.objects.filter(assessment=assessment.pk), "agreed"),
                rows(Action.objects.filter(assessment=assessment.pk), "action"),
                # Progress between assessments shows where the earlier ones stand.
                rows(earlier, "earlier"),
                rows(
                    PeerReview.objects.filter(
                        assessment__in=earlier.values("pk"), submitted_at__isnull=False
                    ),
                    "earlier review",
                ),
                rows(
                    AgreedRung.objects.filter(assessment__in=earlier.values("pk")), "earlier agreed"
                ),
                all=True,
            )
            .order_by()
        )
        text = "|".join(f"{kind}:{pk}:{updated.isoformat()}" for kind, pk, updated in sorted(found))
        return hashlib.sha256(f"{layout}|{text}".encode()).hexdigest()
