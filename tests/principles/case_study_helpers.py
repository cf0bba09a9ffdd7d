"""A small factory for case studies, and many of them at once for query counts."""

from html.parser import HTMLParser

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


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Structure(HTMLParser):
    """Every element closed in the order it was opened, and no id used twice."""

    def __init__(self):
        super().__init__()
        self.open, self.ids, self.problems = [], set(), []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id":
                if value in self.ids:
                    self.problems.append(f"id {value} twice")
                self.ids.add(value)
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.open[-1] if self.open else ''}>")
            return
        self.open.pop()


def assert_well_formed(response) -> None:
    parser = _Structure()
    parser.feed(response.content.decode())
    parser.close()
    assert not parser.problems, parser.problems[:5]
    assert parser.open == [], parser.open
