"""Public pages about the framework: anyone may read them, signed in or not."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string

from .caching import cached
from .models import CaseStudy, Framework, Question

# The newest few; the library lists the rest.
PRINCIPLE_PAGE_CASE_STUDIES = 10


def easy_read(request) -> bool:
    """Whether to show the easy-read wording: chosen with ?view=easy-read or ?view=full, and
    remembered for the rest of the visit (the answering and results pages use it too)."""
    if "view" in request.GET:
        request.session["easy_read"] = request.GET["view"] == "easy-read"
    return request.session.get("easy_read", False)


def _current_framework() -> Framework:
    framework = Framework.objects.current()
    if framework is None:
        raise Http404("No version of the framework has been published yet.")
    return framework


def overview(request):
    wording = easy_read(request)
    page = cached(f"framework-overview:{wording}", lambda: _overview(wording))
    return render(request, "principles/overview.html", page | {"easy_read": wording})


def _overview(wording: bool) -> dict:
    """The current version's number and the page below its heading, to keep in the cache."""
    framework = _current_framework()
    principles = framework.principles.prefetch_related(
        Prefetch("questions", queryset=Question.objects.order_by("position"))
    )
    content = render_to_string(
        "principles/_overview_content.html",
        {
            "framework": framework,
            "principles": principles,
            "rungs": framework.rungs.all(),
            "easy_read": wording,
        },
    )
    return {"version": framework.version, "content": content}


def principle_detail(request, slug):
    framework = _current_framework()
    # All the version's principles in the one query: the page says "Principle 2 of 6".
    principles = list(framework.principles.all())
    principle = next((p for p in principles if p.slug == slug), None)
    if principle is None:
        raise Http404("No such principle in the current framework.")
    descriptors = principle.descriptors.select_related("rung").order_by("-rung__position")
    return render(
        request,
        "principles/principle_detail.html",
        {
            "framework": framework,
            "principle": principle,
            "principle_count": len(principles),
            "questions": principle.questions.order_by("position"),
            "descriptors": descriptors,
            "easy_read": easy_read(request),
            "case_studies": CaseStudy.objects.published()
            .showing(slug)
            .only("title", "slug", "place")[:PRINCIPLE_PAGE_CASE_STUDIES],
        },
    )
