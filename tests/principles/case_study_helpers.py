"""A small factory for case studies, and many of them at once for query counts."""

from django.utils import timezone
from django.utils.text import slugify

from principles.models import CaseStudy, CaseStudyPrinciple

FIELDS = {
    "organisation_name": "Riverside Community Trust",
    "summary": "Tenants and staff planned the new repairs service together.",
    "what_changed": "Repairs are done faster and tenants run the repairs panel.",
    "sector": CaseStudy.Sector.HOUSING,
    "kind": CaseStudy.Kind.CO_DESIGN,
    "place": "Riverside",
}


def make_case_study(title="Tenants' repairs panel", *, principles=("people-as-assets",), **fields):
    fields = {"status": CaseStudy.Status.PUBLISHED, **FIELDS, **fields}
    if fields["status"] == CaseStudy.Status.PUBLISHED:
        fields.setdefault("published_at", timezone.now())
    fields.setdefault("slug", f"{slugify(title)}-{CaseStudy.objects.count()}")
    study = CaseStudy.objects.create(title=title, **fields)
    study.set_principles(list(principles))
    return study


def make_many_case_studies(count: int, **fields) -> None:
    """`count` studies, each showing two principles, in two queries."""
    fields = {
        "status": CaseStudy.Status.PUBLISHED,
        "published_at": timezone.now(),
        **FIELDS,
        **fields,
    }
    studies = CaseStudy.objects.bulk_create(
        CaseStudy(title=f"Study {n}", slug=f"study-{n}", **fields) for n in range(count)
    )
    CaseStudyPrinciple.objects.bulk_create(
        CaseStudyPrinciple(case_study=study, slug=slug)
        for study in studies
        for slug in ("people-as-assets", "peer-support-networks")
    )
